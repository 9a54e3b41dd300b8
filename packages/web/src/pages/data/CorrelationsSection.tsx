import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { Chart, labelMargin } from './Chart';
import type { DataProfile } from './profile-api';

/** Pearson correlations of the numeric columns as a heatmap (blue negative, red positive). */
export function CorrelationsSection({ correlations }: { correlations: DataProfile['correlations'] }) {
  const { columns, matrix } = correlations;
  const cells = useMemo(() => columns.flatMap((a, i) => columns.map((b, j) => ({ a, b, r: matrix[i]?.[j] ?? null }))), [columns, matrix]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 60 + 44 * columns.length,
      marginLeft: labelMargin(columns),
      marginBottom: 70,
      padding: 0.05,
      x: { label: null, domain: [...columns], tickRotate: -30 },
      y: { label: null, domain: [...columns] },
      color: { type: 'linear', scheme: 'RdBu', domain: [-1, 1], reverse: true },
      marks: [
        Plot.cell(cells, { x: 'b', y: 'a', fill: (d: { r: number | null }) => d.r ?? undefined }),
        Plot.text(cells, { x: 'b', y: 'a', text: (d: { r: number | null }) => (d.r === null ? '—' : d.r.toFixed(2)), fill: (d: { r: number | null }) => (d.r !== null && Math.abs(d.r) > 0.6 ? 'white' : 'black') }),
      ],
    }),
    [cells, columns],
  );
  return (
    <section aria-labelledby="correlations-title" className="card">
      <h2 id="correlations-title">Correlations</h2>
      {columns.length < 2 ? (
        <p className="muted">Fewer than two numeric columns: nothing to correlate.</p>
      ) : (
        <>
          <p className="small muted">Pearson r on the rows where both are present: red is positive, blue negative, white none.</p>
          <Chart
            options={chart}
            label={`Pearson correlations: ${cells
              .filter((c) => c.a < c.b)
              .map((c) => `${c.a} and ${c.b} ${c.r === null ? 'undefined' : c.r.toFixed(2)}`)
              .join(', ')}`}
          />
        </>
      )}
    </section>
  );
}
