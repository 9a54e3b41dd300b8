import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files start with this so listings can skip them; they are never renamed to anything but the final name. */
export const TEMP_PREFIX = '.custseg-tmp-';

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/**
 * Writes `target` so that it appears whole or not at all: a temp file in the same directory (same file system,
 * so rename is atomic), fsync, rename. A killed writer leaves at most a hidden temp file.
 */
export async function writeAtomic(target: string, data: Uint8Array | { copyFrom: string }): Promise<void> {
  const tmp = join(dirname(target), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}-${basename(target)}`);
  try {
    if (data instanceof Uint8Array) {
      const fh = await open(tmp, 'wx', 0o644);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } else {
      await copyFile(data.copyFrom, tmp);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
