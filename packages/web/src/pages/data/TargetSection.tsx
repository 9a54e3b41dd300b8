import * as Plot from '@observablehq/plot';
import { useId, useMemo, useState } from 'react';
import { DataTable, type Column } from '../../components/DataTable';
import { Chart, labelMargin } from './Chart';
import { fmt, pct, shareOf } from './format';
import type { TargetProfile } from './profile-api';

type Relation = TargetProfile['relations'][number];

/** How the classes are balanced. */
function Balance({ target }: { target: TargetProfile }) {
  const total = target.counts.reduce((a, b) => a + b, 0);
  const data = useMemo(() => target.classes.map((c, k) => ({ class: c, n: target.counts[k] ?? 0 })), [target]);
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: 220,
      x: { label: target.name, domain: target.classes },
      y: { label: 'rows', grid: true },
      marks: [
        Plot.barY(data, { x: 'class', y: 'n', fill: 'class' }),
        Plot.text(data, { x: 'class', y: 'n', text: (d: { n: number }) => `${fmt(d.n)}\n${pct(shareOf(d.n, total))}`, lineAnchor: 'bottom', dy: -4 }),
        Plot.ruleY([0]),
      ],
    }),
    [data, target, total],
  );
  return (
    <>
      <h3>Class balance</h3>
      <Chart options={chart} label={`Rows per class of ${target.name}: ${data.map((d) => `${d.class} ${d.n}`).join(', ')}`} />
      {target.missing > 0 ? <p className="small">{fmt(target.missing)} rows have no {target.name} and are left out of the relations below.</p> : null}
    </>
  );
}

/** The segment mix of each group (category or decile) of one feature, as 100% stacked bars. */
function SegmentMix({ relation, classes }: { relation: Relation; classes: readonly string[] }) {
  const rows = useMemo(
    () =>
      relation.groups.flatMap((g) => {
        const total = g.counts.reduce((a, b) => a + b, 0);
        return classes.map((c, k) => ({ group: g.label, class: c, n: g.counts[k] ?? 0, share: shareOf(g.counts[k] ?? 0, total), total }));
      }),
    [relation, classes],
  );
  const chart = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(100, 26 * relation.groups.length + 50),
      marginLeft: labelMargin(relation.groups.map((g) => g.label)),
      x: { label: 'share of the group (%)', domain: [0, 100], grid: true },
      y: { label: null, domain: relation.groups.map((g) => g.label) },
      color: { legend: true, domain: [...classes] },
      marks: [Plot.barX(rows, Plot.stackX({ x: 'share', y: 'group', fill: 'class', order: classes as string[] })), Plot.ruleX([0])],
    }),
    [rows, relation, classes],
  );
  return (
    <Chart
      options={chart}
      label={`Class mix of ${relation.feature} per ${relation.grouping === 'deciles' ? 'decile' : 'category'}: ${relation.groups
        .map((g) => `${g.label}: ${classes.map((c, k) => `${c} ${g.counts[k] ?? 0}`).join(' ')}`)
        .join('; ')}`}
    />
  );
}

/** Which features relate to the target (Cramér's V, mutual information), and the segment mix of one of them. */
function Relations({ target }: { target: TargetProfile }) {
  const relations = target.relations;
  const [picked, setPicked] = useState(relations[0]?.feature);
  const selectId = useId();
  const current = relations.find((r) => r.feature === picked) ?? relations[0];
  const ranking = useMemo<Plot.PlotOptions>(
    () => ({
      height: Math.max(90, 22 * relations.length + 40),
      marginLeft: labelMargin(relations.map((r) => r.feature)),
      marginRight: 44,
      x: { label: "Cramér's V with the target", domain: [0, Math.max(0.1, ...relations.map((r) => r.cramers_v))], grid: true },
      y: { label: null, domain: relations.map((r) => r.feature) },
      marks: [
        Plot.barX(relations, { x: 'cramers_v', y: 'feature', fill: '#2456a6' }),
        Plot.text(relations, { x: 'cramers_v', y: 'feature', text: (r: Relation) => r.cramers_v.toFixed(3), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
    [relations],
  );
  const columns = useMemo<Column<Relation>[]>(
    () => [
      { key: 'rank', label: 'Rank', numeric: true, sortValue: (r) => r.rank },
      { key: 'feature', label: 'Feature', sortValue: (r) => r.feature },
      { key: 'v', label: "Cramér's V", numeric: true, sortValue: (r) => r.cramers_v, render: (r) => r.cramers_v.toFixed(3) },
      { key: 'mi', label: 'Mutual information (nats)', numeric: true, sortValue: (r) => r.mutual_info, render: (r) => r.mutual_info.toFixed(4) },
      { key: 'grouping', label: 'Grouped by', sortValue: (r) => r.grouping },
    ],
    [],
  );
  if (relations.length === 0 || !current) return <p className="muted">No feature to relate to the target.</p>;
  return (
    <>
      <h3>Feature ↔ target strength</h3>
      <Chart options={ranking} label={`Cramér's V of each feature with ${target.name}: ${relations.map((r) => `${r.feature} ${r.cramers_v.toFixed(3)}`).join(', ')}`} />
      <DataTable caption={`Features ranked by their relation to ${target.name}`} columns={columns} rows={relations} rowKey={(r) => r.feature} />
      <h3>Segment mix</h3>
      <div className="field column-picker">
        <label htmlFor={selectId}>Feature</label>
        <select id={selectId} value={current.feature} onChange={(e) => setPicked(e.target.value)}>
          {relations.map((r) => (
            <option key={r.feature} value={r.feature}>
              {r.feature}
            </option>
          ))}
        </select>
      </div>
      <p className="small muted">
        {current.feature}: {current.grouping === 'deciles' ? 'numeric, grouped into deciles' : 'one bar per category'}; Cramér's V {current.cramers_v.toFixed(3)}.
      </p>
      <SegmentMix relation={current} classes={target.classes} />
    </>
  );
}

/** The target: class balance, relations of every feature to it, segment mix per group. */
export function TargetSection({ target }: { target: TargetProfile | null }) {
  return (
    <section aria-labelledby="target-title" className="card">
      <h2 id="target-title">Target{target ? `: ${target.name}` : ''}</h2>
      {target ? (
        <>
          <Balance target={target} />
          <Relations target={target} />
        </>
      ) : (
        <p className="muted">The data has no target column, so there is no class balance and no relation to the target to show.</p>
      )}
    </section>
  );
}
