import { readFileSync } from 'node:fs';

/** The ml package's version, recorded in every model (works from src/ and from dist/). */
export const LIBRARY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
