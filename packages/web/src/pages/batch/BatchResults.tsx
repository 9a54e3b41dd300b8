import { useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { ScoredLine } from '../../api/client';
import { DataTable, type Column } from '../../components/DataTable';
import { PlotFigure } from '../../components/PlotFigure';

type Row = ScoredLine & { readonly index: number };

/** Segment distribution chart and the scored rows, a page at a time, with a filter for the rows that failed. */
export function BatchResults({ lines, counts, classes, idField }: { lines: readonly ScoredLine[]; counts: Readonly<Record<string, number>>; classes: readonly string[]; idField: string }) {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const rows = useMemo<Row[]>(() => lines.map((l, index) => ({ ...l, index })), [lines]);
  const shown = useMemo(() => (onlyProblems ? rows.filter((r) => r.error || r.warnings?.length) : rows), [rows, onlyProblems]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const dist = useMemo(() => classes.map((segment) => ({ segment, n: counts[segment] ?? 0 })), [classes, counts]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 220,
      y: { label: 'customers', grid: true },
      x: { label: 'segment', domain: classes as string[] },
      marks: [
        Plot.barY(dist, { x: 'segment', y: 'n', fill: '#2456a6' }),
        Plot.text(dist, { x: 'segment', y: 'n', text: (d: { n: number }) => (total ? `${d.n} (${((100 * d.n) / total).toFixed(1)}%)` : '0'), dy: -6 }),
        Plot.ruleY([0]),
      ],
    }),
    [dist, classes, total],
  );
  const columns = useMemo<Column<Row>[]>(
    () => [
      { key: 'line', label: 'Row', numeric: true, sortValue: (r) => r.index + 1 },
      { key: 'id', label: idField, sortValue: (r) => (r as Record<string, unknown>)[idField] as string | number | undefined },
      { key: 'segment', label: 'Segmentation', sortValue: (r) => r.segment },
      ...classes.map(
        (c): Column<Row> => ({
          key: `p_${c}`,
          label: `P(${c})`,
          numeric: true,
          sortValue: (r) => r.probabilities?.[c],
          render: (r) => (r.probabilities?.[c] === undefined ? '' : r.probabilities[c]!.toFixed(3)),
        }),
      ),
      { key: 'notes', label: 'Warnings / error', sortValue: (r) => r.error ?? r.warnings?.join('; ') ?? '', cellClass: (r) => (r.error ? 'problem-cell' : undefined) },
    ],
    [classes, idField],
  );
  const errors = rows.filter((r) => r.error).length;
  return (
    <div>
      <h2>Segments</h2>
      <PlotFigure options={chart} label={`Number of customers per segment: ${dist.map((d) => `${d.segment} ${d.n}`).join(', ')}`} />
      <h2>Predictions</h2>
      <p className="small">
        {lines.length.toLocaleString('en')} rows, {total.toLocaleString('en')} scored
        {errors ? `, ${errors.toLocaleString('en')} could not be scored (see their error)` : ''}.
      </p>
      <label className="small">
        <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> Only rows with warnings or errors
      </label>
      <DataTable caption="Predictions" columns={columns} rows={shown} rowKey={(r) => String(r.index)} rowClass={(r) => (r.error ? 'problem' : undefined)} pageSize={25} />
    </div>
  );
}
