import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { Chart, labelMargin } from './Chart';
import { bytes, fmt, pct } from './format';
import type { DataProfile } from './profile-api';

/** Rows, columns, duplicates, missing cells, memory; how complete each column is, and the columns' types. */
export function OverviewSection({ profile }: { profile: DataProfile }) {
  const o = profile.overview;
  const cols = profile.columns;
  const missing = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(90, 22 * cols.length + 40),
      marginLeft: labelMargin(cols.map((c) => c.name)),
      marginRight: 44,
      x: { label: 'missing (% of rows)', domain: [0, Math.max(5, ...cols.map((c) => c.missing_pct))], grid: true },
      y: { label: null, domain: cols.map((c) => c.name) },
      marks: [
        Plot.barX(cols, { x: 'missing_pct', y: 'name', fill: (c: (typeof cols)[number]) => (c.missing_pct > 5 ? '#b42318' : '#2456a6') }),
        Plot.text(cols, { x: 'missing_pct', y: 'name', text: (c: (typeof cols)[number]) => (c.missing ? pct(c.missing_pct) : ''), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
    [cols],
  );
  const types = useMemo(() => {
    const count = (type: string, role: string) => cols.filter((c) => c.type === type && c.role === role).length;
    return ['feature', 'id', 'target'].flatMap((role) => ['numeric', 'categorical'].map((type) => ({ role, type, n: count(type, role) }))).filter((d) => d.n > 0);
  }, [cols]);
  const typeChart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 110,
      marginLeft: 70,
      x: { label: 'columns', grid: true },
      y: { label: null },
      color: { legend: true, domain: ['numeric', 'categorical'], range: ['#2456a6', '#e08a1e'] },
      marks: [Plot.barX(types, { x: 'n', y: 'role', fill: 'type' }), Plot.ruleX([0])],
    }),
    [types],
  );
  return (
    <section aria-labelledby="overview-title" className="card">
      <h2 id="overview-title">Overview</h2>
      <dl className="facts">
        <dt>Source</dt>
        <dd>{profile.source}</dd>
        <dt>Rows</dt>
        <dd>{fmt(o.rows)}</dd>
        <dt>Columns</dt>
        <dd>{fmt(o.columns)}</dd>
        <dt>Missing cells</dt>
        <dd>
          {fmt(o.missing_cells)} ({pct(o.missing_cells_pct)})
        </dd>
        <dt>Duplicate rows</dt>
        <dd>{fmt(o.duplicate_rows)}</dd>
        {o.duplicate_ids !== null ? (
          <>
            <dt>Repeated IDs</dt>
            <dd>{fmt(o.duplicate_ids)}</dd>
          </>
        ) : null}
        <dt>Memory as columns</dt>
        <dd>{bytes(o.memory_bytes)}</dd>
      </dl>
      <div className="grid-2">
        <div>
          <h3>Missing values per column</h3>
          <Chart options={missing} label={`Missing values per column: ${cols.map((c) => `${c.name} ${pct(c.missing_pct)}`).join(', ')}`} />
        </div>
        <div>
          <h3>Column types</h3>
          <Chart options={typeChart} label={`Column types: ${types.map((t) => `${t.n} ${t.type} ${t.role}${t.n > 1 ? 's' : ''}`).join(', ')}`} />
        </div>
      </div>
    </section>
  );
}
