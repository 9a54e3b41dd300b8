import { NotFittedError, UserError } from '../core/errors.js';
import type { CategoricalColumn, Column, Frame, NumericColumn } from '../data/frame.js';

export type VariableKind = 'numeric' | 'categorical' | 'any';

/** Validates the `variables` option: undefined (all of the right kind) or a non-empty list of distinct names. */
export function checkVariablesOption(who: string, variables: unknown): string[] | undefined {
  if (variables === undefined || variables === null) return undefined;
  if (!Array.isArray(variables) || variables.length === 0) {
    throw new UserError(`${who}: variables must be a non-empty array of column names (or omitted for all)`);
  }
  const seen = new Set<string>();
  for (const v of variables) {
    if (typeof v !== 'string' || v === '') throw new UserError(`${who}: variables must be non-empty strings, got ${JSON.stringify(v)}`);
    if (seen.has(v)) throw new UserError(`${who}: variable "${v}" is listed twice`);
    seen.add(v);
  }
  return [...variables];
}

function kindOk(col: Column, kind: VariableKind): boolean {
  return kind === 'any' || col.kind === kind;
}

/**
 * feature-engine's variable selection at fit: the given variables, each checked to exist and be of the right
 * kind, or every column of that kind in frame order.
 */
export function selectVariables(who: string, frame: Frame, variables: readonly string[] | undefined, kind: VariableKind): string[] {
  if (variables === undefined) {
    const all = frame.columns.filter((c) => kindOk(c, kind)).map((c) => c.name);
    if (all.length === 0) throw new UserError(`${who}: the frame has no ${kind} columns to fit on`);
    return all;
  }
  for (const v of variables) {
    if (!frame.has(v)) throw new UserError(`${who}: variable "${v}" is not a column of the frame (columns: ${frame.names.join(', ')})`);
    const col = frame.column(v);
    if (!kindOk(col, kind)) throw new UserError(`${who}: variable "${v}" is ${col.kind}, but ${who} works on ${kind} variables`);
  }
  return [...variables];
}

function present(who: string, frame: Frame, name: string): Column {
  if (!frame.has(name)) {
    throw new UserError(`${who}: variable "${name}" seen at fit is missing from the frame to transform (columns: ${frame.names.join(', ')})`);
  }
  return frame.column(name);
}

export function numericAt(who: string, frame: Frame, name: string): NumericColumn {
  const col = present(who, frame, name);
  if (col.kind !== 'numeric') throw new UserError(`${who}: variable "${name}" was numeric at fit but is categorical here`);
  return col;
}

export function categoricalAt(who: string, frame: Frame, name: string): CategoricalColumn {
  const col = present(who, frame, name);
  if (col.kind !== 'categorical') throw new UserError(`${who}: variable "${name}" was categorical at fit but is numeric here`);
  return col;
}

export function anyAt(who: string, frame: Frame, name: string): Column {
  return present(who, frame, name);
}

export function assertFitted(who: string, fitted: boolean): void {
  if (!fitted) throw new NotFittedError(who);
}

/** Infinite values would not survive JSON (they become null), so a fit on them could not be saved. */
export function checkFinite(who: string, col: NumericColumn): void {
  const v = col.values;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === Infinity || v[i] === -Infinity) throw new UserError(`${who}: variable "${col.name}" has an infinite value at row ${i}`);
  }
}

/** New columns must not silently overwrite existing ones (Frame would reject the duplicate less clearly). */
export function checkNewNames(who: string, frame: Frame, names: readonly string[], dropped: readonly string[] = []): void {
  const gone = new Set(dropped);
  const taken = new Set(frame.names.filter((n) => !gone.has(n)));
  for (const n of names) {
    if (taken.has(n)) throw new UserError(`${who}: output column "${n}" already exists in the frame`);
    taken.add(n);
  }
}

export function oneOf<T extends string>(who: string, option: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UserError(`${who}: ${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function finiteNumber(who: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UserError(`${who}: ${option} must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

export function booleanOption(who: string, option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new UserError(`${who}: ${option} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function stringOption(who: string, option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new UserError(`${who}: ${option} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** A plain object of finite numbers (imputerDict, explicit mappings), read without touching its prototype. */
export function numberRecord(who: string, option: string, value: unknown): Map<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${who}: ${option} must be an object of numbers`);
  }
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`${who}: ${option}["${k}"] must be a finite number, got ${JSON.stringify(v)}`);
    out.set(k, v);
  }
  return out;
}

export type UnseenPolicy = 'ignore' | 'error';
export const UNSEEN_POLICIES: readonly UnseenPolicy[] = ['ignore', 'error'];

export function unseenError(who: string, variable: string, value: string, row: number): UserError {
  return new UserError(`${who}: variable "${variable}" has category "${value}" at row ${row} that was not seen at fit`);
}
