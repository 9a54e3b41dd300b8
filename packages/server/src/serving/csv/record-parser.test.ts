import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvRecordParser, fieldsOf } from './record-parser.js';

type Rec = { fields: string[] | null; line: number; error?: string };

function parseChunks(chunks: string[]): Rec[] {
  const out: Rec[] = [];
  const p = new CsvRecordParser();
  const on = (r: string | string[] | null, line: number, error?: string): void => {
    out.push({ fields: r === null ? null : fieldsOf(r), line, ...(error ? { error } : {}) });
  };
  for (const c of chunks) p.push(c, on);
  p.end(on);
  return out;
}

describe('CsvRecordParser', () => {
  it('reads plain and quoted records with their starting lines', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y",3\n\n4,"multi\nline ""q""",6\n7,8,9';
    expect(parseChunks([text])).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, y', '3'], line: 2 },
      { fields: ['4', 'multi\nline "q"', '6'], line: 4 },
      { fields: ['7', '8', '9'], line: 6 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1,h2\n"a\r\nb",c\r\n"",""\r\n"x""",y\nlast,"q"';
    const whole = parseChunks([text]);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) expect(parseChunks([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(whole);
    }
  });

  it('reports malformed quoting per record and carries on with the next line', () => {
    expect(parseChunks(['a,b\n1,x"y\n2,"open"z\n3,4\n5,"never closed'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: null, line: 2, error: 'malformed CSV: quote inside an unquoted field' },
      { fields: null, line: 3, error: 'malformed CSV: unexpected character after a closing quote' },
      { fields: ['3', '4'], line: 4 },
      { fields: null, line: 5, error: 'malformed CSV: unterminated quoted field' },
    ]);
  });

  it('skips a record longer than the limit instead of buffering it', () => {
    const p = new CsvRecordParser();
    const out: Rec[] = [];
    const on = (r: string | string[] | null, line: number, error?: string): void => void out.push({ fields: r === null ? null : fieldsOf(r), line, ...(error ? { error } : {}) });
    p.push('a,b\n', on);
    const big = 'x'.repeat(1 << 16);
    for (let i = 0; i < 20; i++) p.push(big, on);
    p.push('tail\n1,2\n', on);
    p.end(on);
    expect(out.map((r) => r.fields ?? r.error)).toEqual([['a', 'b'], 'record longer than 1048576 characters; skipped', ['1', '2']]);
  });

  it('agrees with csv-parse on random well-formed CSV split at random points', () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', '"', ',', '\n', '\r\n', 'a"b', ' x '));
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 4 }), (rows, cuts) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
        const expected = parse(text, { relax_quotes: false }) as string[][];
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
        expect(parseChunks(chunks).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
