/**
 * Small inline-SVG charts for the HTML report: no script, no external resource, every text escaped, so the
 * report opens offline and any browser renders it the same.
 */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Compact number for labels: integers as they are, others to 4 significant digits. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return String(Number(x.toPrecision(4)));
}

const FONT = 'font-size="11"';

/** Horizontal bars, one per item, value printed at the end. */
export function barChart(items: readonly { label: string; value: number; color?: string }[], opts: { width?: number; title: string; suffix?: string } ): string {
  const width = opts.width ?? 420;
  const labelW = Math.min(160, 12 + 7 * Math.max(4, ...items.map((i) => Math.min(22, i.label.length))));
  const barH = 16;
  const height = items.length * (barH + 4) + 8;
  const max = Math.max(1e-300, ...items.map((i) => i.value));
  const plotW = width - labelW - 70;
  const rows = items.map((it, k) => {
    const y = 4 + k * (barH + 4);
    const w = Math.max(0, (it.value / max) * plotW);
    const label = it.label.length > 22 ? `${it.label.slice(0, 21)}…` : it.label;
    return `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" ${FONT}>${esc(label)}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${it.color ?? PALETTE[0]}"><title>${esc(it.label)}: ${esc(num(it.value))}${esc(opts.suffix ?? '')}</title></rect><text x="${(labelW + w + 4).toFixed(1)}" y="${y + 12}" ${FONT}>${esc(num(it.value))}${esc(opts.suffix ?? '')}</text>`;
  });
  return `<svg class="chart" role="img" aria-label="${esc(opts.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
}

/** Vertical histogram bars over [lo, hi) bins with the axis ends labelled. */
export function histogramChart(bins: readonly { lo: number; hi: number; count: number }[], title: string): string {
  const width = 420;
  const height = 150;
  const plotH = 120;
  if (bins.length === 0) return '<p class="muted">no values</p>';
  const max = Math.max(1, ...bins.map((b) => b.count));
  const bw = (width - 20) / bins.length;
  const bars = bins.map((b, k) => {
    const h = (b.count / max) * (plotH - 10);
    return `<rect x="${(10 + k * bw).toFixed(1)}" y="${(plotH - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[0]}"><title>${esc(num(b.lo))} to ${esc(num(b.hi))}: ${b.count}</title></rect>`;
  });
  const axis = `<line x1="10" y1="${plotH}" x2="${width - 10}" y2="${plotH}" stroke="#888"/><text x="10" y="${plotH + 14}" ${FONT}>${esc(num(bins[0].lo))}</text><text x="${width - 10}" y="${plotH + 14}" text-anchor="end" ${FONT}>${esc(num(bins[bins.length - 1].hi))}</text>`;
  return `<svg class="chart" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${axis}</svg>`;
}

/** 100% stacked horizontal bars: the class mix of each group, with a legend. */
export function stackedBars(groups: readonly { label: string; counts: readonly number[] }[], classes: readonly string[], title: string, showTotals = true): string {
  const width = 520;
  const labelW = 150;
  const barH = 16;
  const legendH = 20;
  const height = legendH + groups.length * (barH + 4) + 6;
  const plotW = width - labelW - 60;
  const short = classes.map((c) => (c.length > 16 ? `${c.slice(0, 15)}…` : c));
  const step = Math.max(50, 20 + 7 * Math.max(0, ...short.map((c) => c.length)));
  const legend = short
    .map((c, k) => `<rect x="${labelW + k * step}" y="4" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}"/><text x="${labelW + k * step + 14}" y="13" ${FONT}>${esc(c)}</text>`)
    .join('');
  const rows = groups.map((g, i) => {
    const y = legendH + i * (barH + 4);
    const total = g.counts.reduce((a, b) => a + b, 0);
    let x = labelW;
    const parts = g.counts.map((n, k) => {
      const w = total > 0 ? (n / total) * plotW : 0;
      const r = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(g.label)} → ${esc(classes[k] ?? '')}: ${n} (${total > 0 ? ((100 * n) / total).toFixed(1) : '0'}%)</title></rect>`;
      x += w;
      return r;
    });
    const label = g.label.length > 20 ? `${g.label.slice(0, 19)}…` : g.label;
    return `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" ${FONT}>${esc(label)}</text>${parts.join('')}${showTotals ? `<text x="${labelW + plotW + 4}" y="${y + 12}" ${FONT}>n=${total}</text>` : ''}`;
  });
  return `<svg class="chart" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${legend}${rows.join('')}</svg>`;
}

/** Correlation heat map: blue for negative, red for positive, the value in each cell. */
export function heatmap(labels: readonly string[], matrix: readonly (readonly (number | null)[])[], title: string): string {
  const cell = 44;
  const labelW = 130;
  // Room on the right for the last column's label, drawn at 45°.
  const width = labelW + labels.length * cell + 100;
  const height = labelW + labels.length * cell + 10;
  const color = (v: number | null): string => {
    if (v === null) return '#eee';
    const t = Math.min(1, Math.abs(v));
    const c = Math.round(255 * (1 - t));
    return v >= 0 ? `rgb(255,${c},${c})` : `rgb(${c},${c},255)`;
  };
  const cols = labels.map((l, j) => `<text transform="translate(${labelW + j * cell + cell / 2},${labelW - 6}) rotate(-45)" ${FONT}>${esc(l)}</text>`).join('');
  const cells = matrix
    .map((row, i) =>
      row
        .map((v, j) => `<rect x="${labelW + j * cell}" y="${labelW + i * cell}" width="${cell - 1}" height="${cell - 1}" fill="${color(v)}"><title>${esc(labels[i])} × ${esc(labels[j])}: ${v === null ? 'undefined' : v.toFixed(3)}</title></rect><text x="${labelW + j * cell + cell / 2}" y="${labelW + i * cell + cell / 2 + 4}" text-anchor="middle" ${FONT}>${v === null ? '–' : v.toFixed(2)}</text>`)
        .join(''),
    )
    .join('');
  const rows = labels.map((l, i) => `<text x="${labelW - 6}" y="${labelW + i * cell + cell / 2 + 4}" text-anchor="end" ${FONT}>${esc(l)}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${cols}${rows}${cells}</svg>`;
}
