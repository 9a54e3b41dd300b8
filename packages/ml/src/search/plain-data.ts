import { UserError } from '../core/errors.js';

/**
 * A deep copy of a parameter value that must be plain data (what a JSON config can hold), so a searched
 * config can be stored, compared and printed, and never carries live objects or code into a pipeline.
 * Numbers are kept as they are (NaN and ±Infinity too: the component decides whether it accepts them).
 */
export function clonePlainData(value: unknown, what: string): unknown {
  return copy(value, what, 0);
}

function copy(v: unknown, what: string, depth: number): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  // At the top an undefined value means "the component's default", as an absent key would.
  if (v === undefined && depth === 0) return undefined;
  if (depth > 64) throw new UserError(`${what}: value is nested too deeply`);
  if (Array.isArray(v)) return v.map((x) => copy(x, what, depth + 1));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // defineProperty keeps a "__proto__" key as data instead of changing the copy's prototype.
        Object.defineProperty(out, k, { value: copy(x, what, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
  const shown = typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
  throw new UserError(`${what}: values must be plain data (numbers, strings, booleans, null, arrays, objects), got ${shown}`);
}
