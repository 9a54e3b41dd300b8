/** A plain-text table: columns padded to their widest cell; `mark` rows get a leading '*'. */
export function table(header: string[], rows: string[][], marked: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[], lead: string) => lead + cells.map((c, j) => (c ?? '').padEnd(widths[j])).join('  ').trimEnd();
  const lead = marked.size > 0;
  return [line(header, lead ? '  ' : ''), ...rows.map((r, i) => line(r, lead ? (marked.has(i) ? '* ' : '  ') : ''))].join('\n') + '\n';
}

export function isoTime(ms: number | undefined | null): string {
  return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}
