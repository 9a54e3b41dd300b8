/**
 * Python's str.format for the few specs classification_report uses, so our text matches
 * scikit-learn's byte for byte. The trap is rounding: Python rounds the exact binary value
 * half-to-even, JavaScript's toFixed rounds exact ties away from zero (0.125 -> '0.12' vs '0.13').
 */

/** Python's format(x, '.{digits}f'). */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new Error(`digits must be an integer in [0, 20], got ${digits}`);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  if (ax >= 1e21) return (neg ? '-' : '') + bigFixed(ax, digits);
  let s = ax.toFixed(digits);
  if (isExactTie(ax, digits)) {
    // toFixed rounded the tie up; go back down when that made the last digit odd.
    const lastDigit = Number(s[s.length - 1]);
    if (lastDigit % 2 === 1) s = stepDown(s);
  }
  return (neg ? '-' : '') + s;
}

/** True when ax lies exactly halfway between two multiples of 10^-digits. */
function isExactTie(ax: number, digits: number): boolean {
  // toFixed(100) is exact for the magnitudes we format; a tie is '...5' followed only by zeros.
  const full = ax.toFixed(100);
  const dot = full.indexOf('.');
  const tail = full.slice(dot + 1 + digits);
  return tail[0] === '5' && /^50*$/.test(tail);
}

/** Lowers the (odd, hence non-zero) last digit by one: '0.13' -> '0.12'; no borrow is ever needed. */
function stepDown(s: string): string {
  return s.slice(0, -1) + String(Number(s[s.length - 1]) - 1);
}

/** Exact decimal expansion for huge magnitudes, where toFixed switches to exponent notation. */
function bigFixed(ax: number, digits: number): string {
  const int = BigInt(ax).toString(); // doubles >= 2^53 are integers
  return digits > 0 ? `${int}.${'0'.repeat(digits)}` : int;
}

/** Python's repr/str of a float, as '{}'.format(np.float64(x)) prints a weighted support. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Shortest round-trip digits are the same in both languages; only the layout differs.
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return (neg ? '-' : '') + body;
}

/** Python's '{:>{width}}'.format(s): right-aligned, width counted in code points. */
export function padLeft(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : ' '.repeat(width - len) + s;
}
