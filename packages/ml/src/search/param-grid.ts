import { UserError } from '../core/errors.js';

/** Parameter key → the values to try (sklearn's param_grid dict). */
export type ParamGrid = Readonly<Record<string, readonly unknown[]>>;

/** One candidate: parameter key → value. */
export type ParamSet = Record<string, unknown>;

interface SubGrid {
  /** Sorted keys. */
  readonly keys: readonly string[];
  readonly values: readonly (readonly unknown[])[];
  readonly size: number;
}

/** Python's sorted() on str: by code point (a plain `<` compares UTF-16 units, which differs beyond the BMP). */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * scikit-learn's ParameterGrid: the cartesian product of each grid's value lists, grids one after another,
 * keys sorted and the last key varying fastest. `at(i)` is the i-th candidate without enumerating the rest.
 */
export class ParameterGrid implements Iterable<ParamSet> {
  private readonly grids: readonly SubGrid[];
  readonly size: number;

  constructor(paramGrid: ParamGrid | readonly ParamGrid[]) {
    const list: readonly unknown[] = Array.isArray(paramGrid) ? paramGrid : [paramGrid];
    if (!Array.isArray(paramGrid) && !isRecord(paramGrid)) {
      throw new UserError(`Parameter grid should be an object or a list of objects, got ${typeof paramGrid}`);
    }
    let total = 0;
    this.grids = list.map((grid, g) => {
      if (!isRecord(grid)) throw new UserError(`Parameter grid ${g} is not an object of value lists`);
      const keys = Object.keys(grid).sort(compareCodePoints);
      const values = keys.map((k) => {
        const v = grid[k];
        if (!Array.isArray(v)) {
          throw new UserError(
            `Parameter grid for parameter "${k}" needs to be a list, but got ${JSON.stringify(v) ?? typeof v}. Single values need to be wrapped in a list with one element.`,
          );
        }
        if (v.length === 0) throw new UserError(`Parameter grid for parameter "${k}" need to be a non-empty list`);
        return v as readonly unknown[];
      });
      const size = values.reduce((p, v) => p * v.length, 1);
      total += size;
      return { keys, values, size };
    });
    if (!Number.isSafeInteger(total)) throw new UserError(`the parameter grid has too many candidates (${total})`);
    this.size = total;
  }

  get length(): number {
    return this.size;
  }

  /** The candidate at `index`, as sklearn's ParameterGrid.__getitem__. */
  at(index: number): ParamSet {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`ParameterGrid index ${index} out of range [0, ${this.size})`);
    let ind = index;
    for (const g of this.grids) {
      if (ind >= g.size) {
        ind -= g.size;
        continue;
      }
      const out: ParamSet = {};
      // Last key fastest: peel digits off from the last key backwards, then emit keys in sorted order.
      const picks = new Array<unknown>(g.keys.length);
      for (let j = g.keys.length - 1; j >= 0; j--) {
        const n = g.values[j].length;
        picks[j] = g.values[j][ind % n];
        ind = Math.floor(ind / n);
      }
      g.keys.forEach((k, j) => defineParam(out, k, picks[j]));
      return out;
    }
    throw new RangeError(`ParameterGrid index ${index} out of range`);
  }

  *[Symbol.iterator](): Iterator<ParamSet> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }
}

/** Sets a key as an own data property (a key such as "__proto__" stays data). */
export function defineParam(out: ParamSet, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
