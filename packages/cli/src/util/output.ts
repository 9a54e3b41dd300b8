/** Progress goes to stderr, and only on a terminal, so pipes and --json output stay clean. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\u001b[2K\r${message}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\u001b[2K\r');
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits);
}

/** 1234 → "1.2 KB", as a person reads a file size (decimal units, like `ls -h --si`). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 999.5 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
