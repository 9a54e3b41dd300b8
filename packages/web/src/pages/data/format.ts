/** A figure for the page: thousands separated, at most `digits` significant digits, "—" when there is none. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Number.isInteger(x)) return x.toLocaleString('en');
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toLocaleString('en', { maximumFractionDigits: 6 });
}

export function pct(x: number, digits = 1): string {
  return `${Number(x.toFixed(digits))}%`;
}

export function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Share of a count in a total, as a percentage (0 when the total is 0). */
export function shareOf(part: number, total: number): number {
  return total > 0 ? (100 * part) / total : 0;
}
