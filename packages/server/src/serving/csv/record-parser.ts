/**
 * Receives each record with the 1-based line it starts on (the header is line 1): a line without quotes as the
 * raw line itself (its fields are `record.split(',')`; consumers that can walk it in place save the split), a
 * record that needed unquoting as its fields, or null and a message when the record is malformed (it is then
 * skipped up to the next line). Fields are untrimmed.
 */
export type RecordHandler = (record: string | string[] | null, line: number, error?: string) => void;

/** The fields of a record as the handler received it. */
export function fieldsOf(record: string | string[]): string[] {
  return typeof record === 'string' ? record.split(',') : record;
}

/** Longest record kept while waiting for its end: a body without line breaks cannot grow memory without bound. */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * An incremental RFC 4180 reader for text arriving in chunks (a streamed upload): commas, double-quoted fields
 * with doubled quotes and line breaks inside, LF or CRLF line ends, a leading BOM, empty lines skipped.
 *
 * Why not csv-parse: it yields one record object per row through a stream, and at a million rows per upload that
 * alone costs more than scoring. Here a line without a quote is handed over as it is (the common case) and only
 * lines holding a quote go through the character-level reader.
 */
export class CsvRecordParser {
  private carry = '';
  /** Line breaks consumed so far. */
  private line = 0;
  private started = false;
  /** Skipping the rest of an over-long record, up to the next line break. */
  private skipping = false;

  push(text: string, onRecord: RecordHandler): void {
    let buf = this.carry.length > 0 ? this.carry + text : text;
    if (!this.started) {
      if (buf.length === 0) return;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    let pos = 0;
    if (this.skipping) {
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        this.carry = '';
        return;
      }
      this.skipping = false;
      this.line++;
      pos = nl + 1;
    }
    pos = this.records(buf, pos, false, onRecord);
    this.carry = pos < buf.length ? buf.slice(pos) : '';
    if (this.carry.length > MAX_RECORD_CHARS) {
      onRecord(null, this.line + 1, `record longer than ${MAX_RECORD_CHARS} characters; skipped`);
      this.carry = '';
      this.skipping = true;
    }
  }

  /** The last record, when the text does not end with a line break (or ends inside a quoted field). */
  end(onRecord: RecordHandler): void {
    if (this.skipping || this.carry.length === 0) return;
    const buf = this.carry;
    this.carry = '';
    this.records(buf, 0, true, onRecord);
  }

  /** Emits every complete record from `pos`; returns where the first incomplete one starts. */
  private records(buf: string, pos: number, final: boolean, onRecord: RecordHandler): number {
    const len = buf.length;
    let nextQuote = buf.indexOf('"', pos);
    if (nextQuote < 0) nextQuote = len;
    while (pos < len) {
      let nl = buf.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = len;
      }
      if (nextQuote >= nl) {
        // no quote on this line: the fast path
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === 13) end--;
        this.line++;
        if (end > pos) onRecord(buf.slice(pos, end), this.line);
        pos = nl + 1;
        continue;
      }
      const startLine = this.line + 1;
      const r = this.quotedRecord(buf, pos, final);
      if (r === null) return pos;
      if (r.error !== undefined) onRecord(null, startLine, r.error);
      else onRecord(r.fields, startLine);
      pos = r.next;
      nextQuote = buf.indexOf('"', pos);
      if (nextQuote < 0) nextQuote = len;
    }
    return pos;
  }

  /**
   * Reads one record holding quotes from `pos`. Null when it continues past the end of `buf` (and more text may
   * come); a malformed record is reported and skipped to the end of its line.
   */
  private quotedRecord(buf: string, pos: number, final: boolean): { fields: string[]; next: number; error?: string } | null {
    const len = buf.length;
    const fields: string[] = [];
    let i = pos;
    let breaks = 0;
    for (;;) {
      if (i < len && buf.charCodeAt(i) === 34) {
        let value = '';
        let from = i + 1;
        let j: number;
        for (;;) {
          j = buf.indexOf('"', from);
          if (j < 0) {
            if (!final) return null;
            this.line += breaks + countBreaks(buf, from, len);
            return { fields, next: len, error: 'malformed CSV: unterminated quoted field' };
          }
          breaks += countBreaks(buf, from, j);
          if (j + 1 < len && buf.charCodeAt(j + 1) === 34) {
            value += buf.slice(from, j + 1);
            from = j + 2;
            continue;
          }
          if (j + 1 >= len && !final) return null;
          value += buf.slice(from, j);
          break;
        }
        fields.push(value);
        i = j + 1;
        if (i >= len) {
          // final (else returned above): the text ends right after the closing quote
          this.line += breaks + 1;
          return { fields, next: len };
        }
        const c = buf.charCodeAt(i);
        if (c === 44) {
          i++;
          continue;
        }
        if (c === 10) {
          this.line += breaks + 1;
          return { fields, next: i + 1 };
        }
        if (c === 13) {
          if (i + 1 >= len) {
            if (!final) return null;
            this.line += breaks + 1;
            return { fields, next: len };
          }
          if (buf.charCodeAt(i + 1) === 10) {
            this.line += breaks + 1;
            return { fields, next: i + 2 };
          }
        }
        return this.skipLine(buf, i, breaks, final, 'malformed CSV: unexpected character after a closing quote');
      }
      // an unquoted field: up to the next comma or line break
      let k = i;
      while (k < len) {
        const c = buf.charCodeAt(k);
        if (c === 44 || c === 10) break;
        if (c === 34) return this.skipLine(buf, k, breaks, final, 'malformed CSV: quote inside an unquoted field');
        k++;
      }
      if (k >= len && !final) return null;
      let end = k;
      if ((k >= len || buf.charCodeAt(k) === 10) && end > i && buf.charCodeAt(end - 1) === 13) end--;
      fields.push(buf.slice(i, end));
      if (k < len && buf.charCodeAt(k) === 44) {
        i = k + 1;
        continue;
      }
      this.line += breaks + 1;
      return { fields, next: k + 1 };
    }
  }

  /** Reports a malformed record and resumes after its line (or skips the rest of it in the next chunks). */
  private skipLine(buf: string, from: number, breaks: number, final: boolean, error: string): { fields: string[]; next: number; error: string } {
    const nl = buf.indexOf('\n', from);
    if (nl < 0 && !final) {
      this.line += breaks;
      this.skipping = true;
      return { fields: [], next: buf.length, error };
    }
    this.line += breaks + 1;
    return { fields: [], next: nl < 0 ? buf.length : nl + 1, error };
  }
}

function countBreaks(buf: string, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) n++;
  return n;
}
