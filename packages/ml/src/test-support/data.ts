import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is packages/ml/src/test-support/data.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Directory of the real customer-segmentation data: CUSTSEG_DATA_DIR, else ../shared/... beside the repo.
 * Tests that need it call `realData()` and skip with a printed reason when it is absent.
 */
export const DATA_DIR = resolve(REPO_ROOT, process.env.CUSTSEG_DATA_DIR ?? '../shared/data/customer-segmentation');

export function realDataFile(name: 'train.csv' | 'test.csv' | 'sample.csv'): string | null {
  const p = resolve(DATA_DIR, name);
  if (existsSync(p)) return p;
  console.warn(`skipping: real data ${p} is absent (set CUSTSEG_DATA_DIR to the customer-segmentation folder)`);
  return null;
}

/** Reads a committed JSON fixture relative to the repository root. */
export async function fixture<T = unknown>(relPath: string): Promise<T> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(resolve(REPO_ROOT, relPath), 'utf8')) as T;
}
