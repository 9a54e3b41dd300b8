import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { Chart, labelMargin } from './Chart';
import { fmt, pct } from './format';
import type { ColumnProfile } from './profile-api';

type Numeric = NonNullable<ColumnProfile['numeric']>;
type Categorical = NonNullable<ColumnProfile['categorical']>;

/** Bars shown for a categorical column; the rest is summarised in a line. */
const MAX_BARS = 30;

/** The figures of a numeric column, as more entries of the column's fact list. */
function NumericFacts({ stats }: { stats: Numeric }) {
  const o = stats.outliers;
  return (
    <>
      <dt>Min / max</dt>
      <dd>
        {fmt(stats.min)} / {fmt(stats.max)}
      </dd>
      <dt>Mean</dt>
      <dd>{fmt(stats.mean)}</dd>
      <dt>Median</dt>
      <dd>{fmt(stats.median)}</dd>
      <dt>Standard deviation</dt>
      <dd>{fmt(stats.std)}</dd>
      <dt>Outliers (IQR rule)</dt>
      <dd>
        {o.low + o.high === 0
          ? 'none'
          : `${fmt(o.low)} below ${fmt(o.lower_fence)}, ${fmt(o.high)} above ${fmt(o.upper_fence)}`}
      </dd>
    </>
  );
}

function NumericDetail({ name, stats }: { name: string; stats: Numeric }) {
  const hist = useMemo<Plot.PlotOptions>(
    () => ({
      height: 220,
      x: { label: name },
      y: { label: 'rows', grid: true },
      marks: [Plot.rectY(stats.histogram, { x1: 'lo', x2: 'hi', y: 'count', fill: '#2456a6', inset: 0.5 }), Plot.ruleY([0])],
    }),
    [name, stats.histogram],
  );
  const quantiles = Object.entries(stats.quantiles).sort(([a], [b]) => Number(a) - Number(b));
  return (
    <>
      <h4>Histogram</h4>
      <Chart options={hist} label={`Histogram of ${name}: ${stats.histogram.map((b) => `${fmt(b.lo)} to ${fmt(b.hi)}: ${b.count}`).join('; ')}`} />
      <div className="table-wrap quantiles">
        <table>
          <caption className="visually-hidden">Quantiles of {name}</caption>
          <thead>
            <tr>
              <th scope="row">Quantile</th>
              {quantiles.map(([q]) => (
                <th key={q} scope="col" className="num">
                  {pct(100 * Number(q), 0)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{name}</th>
              {quantiles.map(([q, v]) => (
                <td key={q} className="num">
                  {fmt(v)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {!stats.quantiles_exact ? <p className="small muted">Too many distinct values to keep them all: quantiles and the histogram come from a sample of the rows.</p> : null}
    </>
  );
}

function CategoricalDetail({ name, stats }: { name: string; stats: Categorical }) {
  const shown = stats.frequencies.slice(0, MAX_BARS);
  const rare = useMemo(() => new Set(stats.rare_labels), [stats.rare_labels]);
  const bars = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(80, 22 * shown.length + 40),
      marginLeft: labelMargin(shown.map((f) => f.value)),
      marginRight: 44,
      x: { label: 'share of the present values (%)', grid: true },
      y: { label: null, domain: shown.map((f) => f.value) },
      color: { domain: ['common', 'rare (< 5%)'], range: ['#2456a6', '#e08a1e'], legend: stats.rare_labels.length > 0 },
      marks: [
        Plot.barX(shown, { x: (f: (typeof shown)[number]) => 100 * f.share, y: 'value', fill: (f: (typeof shown)[number]) => (rare.has(f.value) ? 'rare (< 5%)' : 'common') }),
        Plot.text(shown, { x: (f: (typeof shown)[number]) => 100 * f.share, y: 'value', text: (f: (typeof shown)[number]) => fmt(f.count), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
    [shown, rare, stats.rare_labels.length],
  );
  return (
    <>
      <h4>Frequencies</h4>
      {shown.length === 0 ? (
        <p className="muted">No value is present.</p>
      ) : (
        <Chart options={bars} label={`Frequencies of ${name}: ${shown.map((f) => `${f.value} ${f.count}`).join(', ')}`} />
      )}
      {stats.frequencies.length > MAX_BARS ? (
        <p className="small muted">
          The {fmt(MAX_BARS)} most frequent of {fmt(stats.frequencies.length)} values are shown.
        </p>
      ) : null}
      {stats.truncated ? <p className="small muted">The column has more distinct values than are counted; the rarest are not listed.</p> : null}
      <p className="small">
        <strong>Rare labels</strong> (under 5% of the present values): {stats.rare_labels.length ? stats.rare_labels.join(', ') : 'none'}
      </p>
    </>
  );
}

/** One column: its type and counts, then a histogram and quantiles (numbers) or frequency bars (categories). */
export function ColumnDetail({ column }: { column: ColumnProfile }) {
  return (
    <article aria-labelledby="column-detail-title" className="column-detail">
      <h3 id="column-detail-title">
        {column.name} <span className="chip">{column.type}</span> {column.role !== 'feature' ? <span className="chip">{column.role}</span> : null}
      </h3>
      <dl className="facts">
        <dt>Present values</dt>
        <dd>{fmt(column.count)}</dd>
        <dt>Missing</dt>
        <dd>
          {fmt(column.missing)} ({pct(column.missing_pct)})
        </dd>
        <dt>Distinct values</dt>
        <dd>
          {column.distinct_is_lower_bound ? 'at least ' : ''}
          {fmt(column.distinct)}
        </dd>
        {column.numeric ? <NumericFacts stats={column.numeric} /> : null}
      </dl>
      {column.numeric ? <NumericDetail name={column.name} stats={column.numeric} /> : null}
      {column.categorical ? <CategoricalDetail name={column.name} stats={column.categorical} /> : null}
      {!column.numeric && !column.categorical ? <p className="muted small">No statistics are kept for an ID column beyond its counts.</p> : null}
    </article>
  );
}
