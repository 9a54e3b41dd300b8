/** One problem with a request: the field (null for the whole row or body), the 0-based row (null for the body). */
export interface ErrorDetail {
  readonly field: string | null;
  readonly row: number | null;
  readonly message: string;
}

/** Most details one response lists: a bad 10,000-row batch must not answer with a 10,000-entry error. */
export const MAX_DETAILS = 100;

/** Collects validation problems, keeping the first MAX_DETAILS and counting the rest. */
export class ErrorList {
  readonly details: ErrorDetail[] = [];
  total = 0;

  add(field: string | null, row: number | null, message: string): void {
    this.total++;
    if (this.details.length < MAX_DETAILS) this.details.push({ field, row, message });
  }

  get empty(): boolean {
    return this.total === 0;
  }

  /** A one-line summary naming the first problem, for the response's `error`. */
  summary(what = 'invalid request'): string {
    const first = this.details[0];
    if (!first) return what;
    const where = [first.field, first.row !== null ? `row ${first.row}` : null].filter((x) => x !== null).join(', ');
    const more = this.total > 1 ? ` (and ${this.total - 1} more problem${this.total > 2 ? 's' : ''})` : '';
    return `${what}: ${where ? `${where}: ` : ''}${first.message}${more}`;
  }
}

/** A short, safe description of a client value for messages (never the whole value). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
