import { barChart, esc, heatmap, histogramChart, num, PALETTE, stackedBars } from './svg-charts.js';
import type { ColumnProfile, DataProfile } from './types.js';

/**
 * The profile as one self-contained HTML page: inline CSS and SVG, no script and no external resource, so it
 * opens offline and can be mailed as one file. Every string from the data is escaped.
 */
export function renderReportHtml(p: DataProfile, opts: { title?: string } = {}): string {
  const title = opts.title ?? `Data profile — ${p.source}`;
  const sections = [overview(p), warnings(p), target(p), columns(p), relations(p), missingness(p), correlations(p), drift(p)].filter((s) => s !== '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="muted">${esc(`${p.overview.rows.toLocaleString('en-US')} rows × ${p.overview.columns} columns · custseg profile format ${p.format_version}`)}</p>
<nav>${sections.map((s) => /<section id="([^"]+)"><h2>([^<]+)<\/h2>/.exec(s)).filter((m) => m !== null).map((m) => `<a href="#${m![1]}">${m![2]}</a>`).join(' ')}</nav></header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#243447;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}header .muted{color:#cfd8e3}
nav a{color:#fff;margin-right:12px;font-size:13px}
main{padding:8px 24px 40px;max-width:1200px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 18px;margin:16px 0}
h2{font-size:18px;margin:4px 0 10px}h3{font-size:15px;margin:12px 0 6px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border-bottom:1px solid #eee;padding:3px 10px;text-align:left}
th{background:#f3f5f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#777;font-size:13px}.cards{display:flex;flex-wrap:wrap;gap:14px}
.card{border:1px solid #eee;border-radius:6px;padding:8px 12px;flex:1 1 460px;max-width:560px}
.warn li{margin:3px 0}.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;color:#fff}
.stable{background:#59a14f}.moderate{background:#edc948;color:#222}.major{background:#e15759}
svg.chart{display:block;margin:6px 0;font-family:inherit}
`;

function table(head: readonly string[], rows: readonly (readonly string[])[], numericCols: readonly number[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, j) => `<td${numericCols.includes(j) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function pct(x: number): string {
  return `${x.toFixed(1)}%`;
}

function overview(p: DataProfile): string {
  const o = p.overview;
  const rows: string[][] = [
    ['Rows', num(o.rows)],
    ['Columns', num(o.columns)],
    ['Duplicate IDs', o.duplicate_ids === null ? 'no ID column' : num(o.duplicate_ids)],
    ['Duplicate rows (same content, ID aside)', num(o.duplicate_rows)],
    ['Memory as custseg columns', `${(o.memory_bytes / 1024).toFixed(1)} KiB`],
    ['Missing cells', `${num(o.missing_cells)} (${pct(o.missing_cells_pct)})`],
  ];
  const cols = p.columns.map((c) => [esc(c.name), esc(c.type), esc(c.role), num(c.count), num(c.missing), pct(c.missing_pct), `${num(c.distinct)}${c.distinct_is_lower_bound ? '+' : ''}`]);
  return `<section id="overview"><h2>Overview</h2>${table(['', ''], rows.map((r) => [esc(r[0]), esc(r[1])]), [1])}
<h3>Columns</h3>${table(['column', 'type', 'role', 'present', 'missing', 'missing %', 'distinct'], cols, [3, 4, 5, 6])}</section>`;
}

function warnings(p: DataProfile): string {
  if (p.warnings.length === 0) return `<section id="warnings"><h2>Warnings</h2><p>Nothing to warn about.</p></section>`;
  return `<section id="warnings"><h2>Warnings</h2><ul class="warn">${p.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`;
}

function target(p: DataProfile): string {
  const t = p.target;
  if (!t) return '';
  const total = t.counts.reduce((a, b) => a + b, 0);
  const items = t.classes.map((c, k) => ({ label: c, value: t.counts[k], color: PALETTE[k % PALETTE.length] }));
  const rows = t.classes.map((c, k) => [esc(c), num(t.counts[k]), pct(total > 0 ? (100 * t.counts[k]) / total : 0)]);
  return `<section id="target"><h2>Target: ${esc(t.name)}</h2>${barChart(items, { title: `class balance of ${t.name}` })}${table(['class', 'rows', 'share'], rows, [1, 2])}${t.missing > 0 ? `<p class="muted">${t.missing} rows have no target and are left out of the relations.</p>` : ''}</section>`;
}

function columnCard(c: ColumnProfile): string {
  const head = `<h3>${esc(c.name)} <span class="muted">${esc(c.type)}${c.role !== 'feature' ? ` · ${esc(c.role)}` : ''}</span></h3>
<p class="muted">${num(c.count)} present · ${num(c.missing)} missing (${pct(c.missing_pct)}) · ${num(c.distinct)}${c.distinct_is_lower_bound ? '+' : ''} distinct</p>`;
  if (c.numeric) {
    const s = c.numeric;
    const stats: [string, number | null][] = [
      ['min', s.min],
      ['max', s.max],
      ['mean', s.mean],
      ['median', s.median],
      ['std', s.std],
      ...Object.entries(s.quantiles).map(([q, v]): [string, number | null] => [`q${q}`, v]),
    ];
    const o = s.outliers;
    return `<div class="card">${head}${histogramChart(s.histogram, `histogram of ${c.name}`)}${table(
      ['statistic', 'value'],
      stats.map(([k, v]) => [esc(k), num(v)]),
      [1],
    )}<p class="muted">Outliers (IQR rule, outside ${num(o.lower_fence)} to ${num(o.upper_fence)}): ${o.low} low, ${o.high} high.${s.quantiles_exact ? '' : ' Quantiles and histogram come from a bounded sample of the column.'}</p></div>`;
  }
  if (c.categorical) {
    const f = c.categorical.frequencies;
    const shown = f.slice(0, 25);
    const chart = barChart(
      shown.map((x) => ({ label: x.value, value: x.count, color: c.categorical!.rare_labels.includes(x.value) ? '#bab0ac' : PALETTE[0] })),
      { title: `frequencies of ${c.name}` },
    );
    const rare = c.categorical.rare_labels;
    return `<div class="card">${head}${chart}${f.length > shown.length ? `<p class="muted">${f.length - shown.length} more categories not drawn.</p>` : ''}<p class="muted">${rare.length > 0 ? `Rare labels (under 5%, grey): ${esc(rare.join(', '))}.` : 'No rare labels.'}</p></div>`;
  }
  return `<div class="card">${head}</div>`;
}

function columns(p: DataProfile): string {
  return `<section id="columns"><h2>Columns</h2><div class="cards">${p.columns.filter((c) => c.role !== 'id').map(columnCard).join('')}</div></section>`;
}

function relations(p: DataProfile): string {
  const t = p.target;
  if (!t || t.relations.length === 0) return '';
  const rank = table(
    ['rank', 'feature', 'grouped by', "Cramér's V", 'mutual information (nats)'],
    t.relations.map((r) => [String(r.rank), esc(r.feature), r.grouping === 'deciles' ? 'deciles' : 'categories', r.cramers_v.toFixed(4), r.mutual_info.toFixed(4)]),
    [0, 3, 4],
  );
  const cards = t.relations.map((r) => `<div class="card"><h3>${r.rank}. ${esc(r.feature)} <span class="muted">V = ${r.cramers_v.toFixed(3)}</span></h3>${stackedBars(r.groups, t.classes, `${t.name} mix per ${r.feature}`)}</div>`);
  return `<section id="relations"><h2>Features and the target</h2><p class="muted">Segment mix per category, or per decile of a numeric feature (binned first, as pandas qcut(10)); missing values are their own group.</p>${barChart(
    t.relations.map((r) => ({ label: r.feature, value: Number(r.cramers_v.toFixed(4)) })),
    { title: "Cramér's V per feature" },
  )}${rank}<div class="cards">${cards.join('')}</div></section>`;
}

function missingness(p: DataProfile): string {
  const m = p.missingness;
  const patterns = m.patterns.length === 0 ? '<p>No missing values.</p>' : table(['columns missing together', 'rows'], m.patterns.map((x) => [esc(x.columns.join(', ')), num(x.count)]), [1]);
  const together = m.together.length === 0 ? '' : `<h3>Pairs</h3>${table(['column', 'column', 'both missing', 'indicator correlation'], m.together.map((x) => [esc(x.a), esc(x.b), num(x.both), x.correlation === null ? '–' : x.correlation.toFixed(3)]), [2, 3])}`;
  const classes = p.target?.classes ?? [];
  const vs = m.vs_target.length === 0 ? '' : `<h3>Missingness and the target</h3><div class="cards">${m.vs_target.map((v) => `<div class="card"><h3>${esc(v.column)} <span class="muted">V = ${v.cramers_v.toFixed(3)}</span></h3>${stackedBars([{ label: 'missing', counts: v.missing_counts }, { label: 'present', counts: v.present_counts }], classes, `target mix when ${v.column} is missing`)}</div>`).join('')}</div>`;
  return `<section id="missingness"><h2>Missing values</h2><p class="muted">${num(m.missing_cells)} missing cells in ${num(m.rows_with_missing)} rows.</p><h3>Patterns</h3>${patterns}${together}${vs}</section>`;
}

function correlations(p: DataProfile): string {
  const c = p.correlations;
  if (c.columns.length < 2) return '';
  return `<section id="correlations"><h2>Correlations</h2><p class="muted">Pearson, on the rows where both are present.</p>${heatmap(c.columns, c.matrix, 'correlation between numeric features')}</section>`;
}

function drift(p: DataProfile): string {
  const d = p.drift;
  if (!d) return '';
  const rows = d.features.map((f) => [esc(f.feature), f.psi.toFixed(4), `<span class="badge ${f.flag}">${f.flag}</span>`]);
  const cards = d.features.map((f) => {
    const rt = f.bins.reduce((s, b) => s + b.reference, 0) || 1;
    const ct = f.bins.reduce((s, b) => s + b.current, 0) || 1;
    return `<div class="card"><h3>${esc(f.feature)} <span class="muted">PSI ${f.psi.toFixed(3)}</span></h3>${stackedBars(
      f.bins.map((b) => ({ label: b.label, counts: [b.reference / rt, b.current / ct] })),
      [d.reference, d.current],
      `share per bin of ${f.feature}`,
      false,
    )}</div>`;
  });
  return `<section id="drift"><h2>Drift: ${esc(d.reference)} → ${esc(d.current)}</h2><p class="muted">Population stability index per feature over 10 quantile bins of ${esc(d.reference)}; above 0.1 moderate, above 0.25 major.</p>${table(['feature', 'PSI', 'shift'], rows, [1])}<div class="cards">${cards.join('')}</div></section>`;
}
