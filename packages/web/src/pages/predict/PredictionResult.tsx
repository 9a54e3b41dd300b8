import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../components/PlotFigure';

export interface SinglePrediction {
  readonly segment: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  readonly model: { readonly name?: string; readonly version?: string };
}

/** The answer for one customer: the segment, a bar per class probability (also as text), warnings, the version. */
export function PredictionResult({ result }: { result: SinglePrediction }) {
  const data = useMemo(() => Object.entries(result.probabilities).map(([segment, p]) => ({ segment, p })), [result]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      height: 40 + 28 * data.length,
      marginLeft: 40,
      marginRight: 48,
      x: { domain: [0, 1], label: 'probability', tickFormat: '.0%', grid: true },
      y: { label: 'segment', domain: data.map((d) => d.segment) },
      marks: [
        Plot.barX(data, { x: 'p', y: 'segment', fill: (d: { segment: string }) => (d.segment === result.segment ? '#2456a6' : '#9db3d9') }),
        Plot.text(data, { x: 'p', y: 'segment', text: (d: { p: number }) => `${(d.p * 100).toFixed(1)}%`, dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
    [data, result.segment],
  );
  return (
    <div className="result">
      <div>
        <div className="muted small">Segment</div>
        <div className="segment-letter" data-testid="segment">
          {result.segment}
        </div>
      </div>
      <div style={{ flex: '1 1 280px', minWidth: 0 }}>
        <PlotFigure options={options} label={`Probability of each segment; ${result.segment} is the most likely`} />
        <ul className="small muted" aria-label="Probabilities" style={{ margin: 0, paddingLeft: '1.1rem' }}>
          {data.map((d) => (
            <li key={d.segment}>
              {d.segment}: {(d.p * 100).toFixed(1)}%
            </li>
          ))}
        </ul>
      </div>
      <div style={{ flexBasis: '100%' }}>
        {result.warnings.length ? (
          <div className="warnings">
            <strong>Warnings</strong>
            <ul>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="muted small" data-testid="answered-by">
          Answered by {result.model.name ?? 'the model'} version {result.model.version ?? '?'}
        </p>
      </div>
    </div>
  );
}
