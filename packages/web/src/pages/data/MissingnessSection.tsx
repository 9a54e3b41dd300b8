import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { Chart, labelMargin } from './Chart';
import { fmt, pct, shareOf } from './format';
import type { DataProfile } from './profile-api';

type Missingness = DataProfile['missingness'];
type Pattern = Missingness['patterns'][number];
type Together = Missingness['together'][number];
type VsTarget = Missingness['vs_target'][number];

/** Which columns are missing in the same rows, and whether being missing says something about the target. */
export function MissingnessSection({ profile }: { profile: DataProfile }) {
  const m = profile.missingness;
  const rows = profile.overview.rows;
  const patterns = useMemo(() => m.patterns.map((p) => ({ ...p, label: p.columns.join(' + ') })), [m.patterns]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(80, 22 * patterns.length + 40),
      marginLeft: labelMargin(patterns.map((p) => p.label), 40, 360),
      x: { label: 'rows', grid: true },
      y: { label: null, domain: patterns.map((p) => p.label) },
      marks: [Plot.barX(patterns, { x: 'count', y: 'label', fill: '#b42318' }), Plot.ruleX([0])],
    }),
    [patterns],
  );
  const togetherColumns = useMemo<Column<Together>[]>(
    () => [
      { key: 'a', label: 'Column', sortValue: (t) => t.a },
      { key: 'b', label: 'and column', sortValue: (t) => t.b },
      { key: 'both', label: 'Missing in both', numeric: true, sortValue: (t) => t.both },
      { key: 'corr', label: 'Correlation of missingness', numeric: true, sortValue: (t) => t.correlation, render: (t) => fmt(t.correlation, 3) },
    ],
    [],
  );
  const classes = profile.target?.classes ?? [];
  const vsColumns = useMemo<Column<VsTarget>[]>(
    () => [
      { key: 'column', label: 'Column', sortValue: (v) => v.column },
      { key: 'v', label: "Cramér's V", numeric: true, sortValue: (v) => v.cramers_v, render: (v) => v.cramers_v.toFixed(3) },
      {
        key: 'mix',
        label: `Target mix when missing (${classes.join(' / ')})`,
        render: (v) => {
          const total = v.missing_counts.reduce((a, b) => a + b, 0);
          return v.missing_counts.map((n) => pct(shareOf(n, total), 0)).join(' / ');
        },
      },
      {
        key: 'present',
        label: 'when present',
        render: (v) => {
          const total = v.present_counts.reduce((a, b) => a + b, 0);
          return v.present_counts.map((n) => pct(shareOf(n, total), 0)).join(' / ');
        },
      },
    ],
    [classes],
  );
  return (
    <section aria-labelledby="missingness-title" className="card">
      <h2 id="missingness-title">Missing values</h2>
      {m.missing_cells === 0 ? (
        <p className="muted">No value is missing.</p>
      ) : (
        <>
          <p>
            {fmt(m.missing_cells)} missing cells; {fmt(m.rows_with_missing)} rows ({pct(shareOf(m.rows_with_missing, rows))}) miss at least one value.
          </p>
          <h3>Patterns</h3>
          <p className="small muted">Rows grouped by the set of columns missing in them, most frequent first.</p>
          <Chart options={chart} label={`Rows per missing pattern: ${patterns.map((p: Pattern & { label: string }) => `${p.label} ${p.count}`).join(', ')}`} />
          {m.together.length > 0 ? (
            <>
              <h3>Missing together</h3>
              <DataTable caption="Column pairs missing in the same rows" columns={togetherColumns} rows={m.together} rowKey={(t) => `${t.a}|${t.b}`} initialSort={{ key: 'both', desc: true }} pageSize={10} />
            </>
          ) : null}
          {m.vs_target.length > 0 ? (
            <>
              <h3>Missingness and the target</h3>
              <p className="small muted">A Cramér's V of 0.1 or more means that whether the value is missing carries signal about the target.</p>
              <DataTable caption="Missingness against the target" columns={vsColumns} rows={m.vs_target} rowKey={(v) => v.column} initialSort={{ key: 'v', desc: true }} />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
