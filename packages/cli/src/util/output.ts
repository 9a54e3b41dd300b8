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
