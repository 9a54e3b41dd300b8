import { ModelFormatError } from '../core/errors.js';
import type { ComponentJSON } from '../core/types.js';

/**
 * Readers for the `state` of a model document. They only ever copy plain data out of the parsed
 * JSON, checking type and shape, and report problems as ModelFormatError naming the field.
 */

export function expectType(json: ComponentJSON, type: string): void {
  if (json.type !== type) throw new ModelFormatError(`expected a ${type} document, got type "${json.type}"`);
}

/** Runs a constructor on stored params, turning its validation errors into ModelFormatError. */
export function construct<T>(type: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`${type}: invalid params: ${(e as Error).message}`);
  }
}

export function readStrings(state: Record<string, unknown>, key: string, who: string): string[] {
  const v = state[key];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new ModelFormatError(`${who}: state.${key} must be an array of strings`);
  }
  return [...(v as string[])];
}

export function readClasses(state: Record<string, unknown>, who: string, minClasses: number): string[] {
  const classes = readStrings(state, 'classes', who);
  if (classes.length < minClasses) throw new ModelFormatError(`${who}: state.classes needs at least ${minClasses} entries`);
  if (new Set(classes).size !== classes.length) throw new ModelFormatError(`${who}: state.classes has duplicates`);
  return classes;
}

export function readInt(state: Record<string, unknown>, key: string, who: string, min = 0): number {
  const v = state[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ModelFormatError(`${who}: state.${key} must be an integer >= ${min}`);
  }
  return v;
}

export function readBoolean(state: Record<string, unknown>, key: string, who: string): boolean {
  const v = state[key];
  if (typeof v !== 'boolean') throw new ModelFormatError(`${who}: state.${key} must be a boolean`);
  return v;
}

/** A finite-number array, optionally of a fixed length, as a Float64Array. */
export function readNumbers(value: unknown, where: string, who: string, length?: number): Float64Array {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ModelFormatError(`${who}: ${where} must be an array of finite numbers`);
  }
  if (length !== undefined && value.length !== length) {
    throw new ModelFormatError(`${who}: ${where} has length ${value.length}, expected ${length}`);
  }
  return Float64Array.from(value as number[]);
}

/** A rows × cols array of finite-number arrays. */
export function readRows(value: unknown, where: string, who: string, rows: number, cols: number): Float64Array[] {
  if (!Array.isArray(value) || value.length !== rows) {
    throw new ModelFormatError(`${who}: ${where} must be an array of ${rows} rows`);
  }
  return value.map((row, r) => readNumbers(row, `${where}[${r}]`, who, cols));
}
