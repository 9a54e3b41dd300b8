import { invalidParam } from './errors.js';
import { describe } from './validation.js';

/** Opaque page tokens are base64 of `{"offset": n}`, so a client can only pass back what it was given. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  if (typeof token !== 'string') throw invalidParam(`Invalid page token ${describe(token)}`);
  try {
    const o = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof o.offset === 'number' && Number.isSafeInteger(o.offset) && o.offset >= 0) return o.offset;
  } catch {
    // reported below
  }
  throw invalidParam(`Invalid page token, could not base64-decode it into {"offset": n}`);
}

export function maxResults(v: unknown, fallback: number, limit: number, what: string): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw invalidParam(`Invalid value for max_results of ${what}: expected a positive integer, got ${describe(v)}`);
  }
  if (v > limit) throw invalidParam(`Invalid value for max_results of ${what}: it must be at most ${limit}, got ${v}`);
  return v;
}

/** Fetches one row more than the page to know, without a count query, whether another page follows. */
export function page<T>(rows: T[], offset: number, size: number): { items: T[]; next_page_token?: string } {
  if (rows.length > size) return { items: rows.slice(0, size), next_page_token: encodePageToken(offset + size) };
  return { items: rows };
}
