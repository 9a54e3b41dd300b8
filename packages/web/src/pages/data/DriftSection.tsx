import * as Plot from '@observablehq/plot';
import { useId, useMemo, useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { Chart, labelMargin } from './Chart';
import { fmt, shareOf } from './format';
import type { DriftProfile } from './profile-api';

type Feature = DriftProfile['features'][number];

const FLAG_COLORS = { domain: ['stable', 'moderate', 'major'], range: ['#067647', '#e08a1e', '#b42318'] };
const FLAG_WORDS: Record<Feature['flag'], string> = { stable: 'stable', moderate: 'moderate shift (PSI > 0.1)', major: 'major shift (PSI > 0.25)' };

/** The training and current shares of one feature's bins, side by side (one band per bin). */
function Bins({ feature, drift }: { feature: Feature; drift: DriftProfile }) {
  const sides = useMemo(() => [`training data (${drift.reference})`, `this file (${drift.current})`], [drift]);
  const rows = useMemo(() => {
    const rt = feature.bins.reduce((s, b) => s + b.reference, 0);
    const ct = feature.bins.reduce((s, b) => s + b.current, 0);
    return feature.bins.flatMap((b) => [
      { bin: b.label, side: sides[0], share: shareOf(b.reference, rt) },
      { bin: b.label, side: sides[1], share: shareOf(b.current, ct) },
    ]);
  }, [feature, sides]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(120, 30 * feature.bins.length + 60),
      marginLeft: labelMargin(feature.bins.map((b) => b.label)),
      x: { label: 'share of rows (%)', grid: true },
      y: { axis: null, domain: sides },
      fy: { label: null, axis: 'left', domain: feature.bins.map((b) => b.label) },
      color: { legend: true, domain: sides, range: ['#9aa4b5', '#2456a6'] },
      marks: [Plot.barX(rows, { x: 'share', y: 'side', fy: 'bin', fill: 'side' }), Plot.ruleX([0])],
    }),
    [rows, feature, sides],
  );
  return (
    <Chart
      options={chart}
      label={`Share of rows per bin of ${feature.feature}, training data against this file: ${feature.bins
        .map((b) => `${b.label} ${fmt(b.reference)} vs ${fmt(b.current)}`)
        .join('; ')}`}
    />
  );
}

/** Population stability index of each feature against a reference (the model's training data), flagged at 0.1 and 0.25. */
export function DriftSection({ drift }: { drift: DriftProfile }) {
  const features = drift.features;
  const [picked, setPicked] = useState(() => [...features].sort((a, b) => b.psi - a.psi)[0]?.feature);
  const selectId = useId();
  const current = features.find((f) => f.feature === picked) ?? features[0];
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(90, 22 * features.length + 50),
      marginLeft: labelMargin(features.map((f) => f.feature)),
      marginRight: 44,
      x: { label: 'PSI', domain: [0, Math.max(0.3, ...features.map((f) => f.psi))], grid: true },
      y: { label: null, domain: features.map((f) => f.feature) },
      color: { ...FLAG_COLORS, legend: true },
      marks: [
        Plot.barX(features, { x: 'psi', y: 'feature', fill: 'flag' }),
        Plot.text(features, { x: 'psi', y: 'feature', text: (f: Feature) => f.psi.toFixed(3), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0.1], { stroke: '#e08a1e', strokeDasharray: '4 3' }),
        Plot.ruleX([0.25], { stroke: '#b42318', strokeDasharray: '4 3' }),
        Plot.ruleX([0]),
      ],
    }),
    [features],
  );
  const columns = useMemo<Column<Feature>[]>(
    () => [
      { key: 'feature', label: 'Feature', sortValue: (f) => f.feature },
      { key: 'psi', label: 'PSI', numeric: true, sortValue: (f) => f.psi, render: (f) => f.psi.toFixed(3) },
      { key: 'flag', label: 'Verdict', sortValue: (f) => f.psi, render: (f) => FLAG_WORDS[f.flag], cellClass: (f) => (f.flag === 'stable' ? undefined : `drift-${f.flag}`) },
    ],
    [],
  );
  const shifted = features.filter((f) => f.flag !== 'stable');
  return (
    <section aria-labelledby="drift-title" className="card">
      <h2 id="drift-title">Drift against the training data</h2>
      <p>
        {fmt(drift.current_rows)} rows of {drift.current} against {fmt(drift.reference_rows)} rows of {drift.reference}:{' '}
        {shifted.length === 0 ? 'every feature is stable (PSI at most 0.1).' : `${shifted.length} of ${features.length} features shifted (${shifted.map((f) => f.feature).join(', ')}).`}
      </p>
      {features.length === 0 || !current ? (
        <p className="muted">No feature of this file matches one of the training data (same name and type).</p>
      ) : (
        <>
          <Chart options={chart} label={`PSI per feature: ${features.map((f) => `${f.feature} ${f.psi.toFixed(3)} ${f.flag}`).join(', ')}`} />
          <DataTable caption="Population stability index per feature" columns={columns} rows={features} rowKey={(f) => f.feature} initialSort={{ key: 'psi', desc: true }} />
          <h3>Bins of one feature</h3>
          <div className="field column-picker">
            <label htmlFor={selectId}>Drift of feature</label>
            <select id={selectId} value={current.feature} onChange={(e) => setPicked(e.target.value)}>
              {features.map((f) => (
                <option key={f.feature} value={f.feature}>
                  {f.feature} (PSI {f.psi.toFixed(3)})
                </option>
              ))}
            </select>
          </div>
          <Bins feature={current} drift={drift} />
        </>
      )}
    </section>
  );
}
