import { getPreset, parseCsvText, serializeModel, synthCsvChunks, trainModel, type ModelDocument } from '@custseg/ml';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { ErrorCode } from '../errors.js';

/** Names unique to one suite run, so the contract can run against a shared server. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Awaits a refusal and checks MLflow's error code (works for the embedded store and a REST client alike). */
export async function expectMlflowError(p: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<Error> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected an MlflowError ${code}`).toBeInstanceOf(Error);
  expect((caught as { error_code?: string }).error_code, (caught as Error).message).toBe(code);
  if (message) expect((caught as Error).message).toMatch(message);
  return caught as Error;
}

let cachedModel: ModelDocument | undefined;

/** A real, small fitted model document (baseline preset on 200 synthetic customers). */
export function tinyModelDocument(): ModelDocument {
  if (!cachedModel) {
    const dataset = parseCsvText([...synthCsvChunks({ rows: 200, seed: 3 })].join(''), { label: 'tiny.csv', requireTarget: true });
    cachedModel = trainModel({ dataset, dataFile: 'tiny.csv', config: getPreset('baseline').build(dataset.schema, 0), preset: 'baseline', seed: 0, testSize: 0 }).model;
  }
  return cachedModel;
}

export function tinyModelText(): string {
  return serializeModel(tinyModelDocument());
}
