import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { csvField, synthCsvChunks } from './csv-chunks.js';
import { generateCustomers } from './generate.js';
import { loadSynthParams, type CategoricalNode, type SynthParams } from './params.js';

function parseBack(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

/** Rows of a column-major table, header first, as csv-parse returns them. */
function rowsOf(t: { header: string[]; columns: string[][] }): string[][] {
  const n = t.columns[0]?.length ?? 0;
  return [t.header, ...Array.from({ length: n }, (_, i) => t.columns.map((c) => c[i]))];
}

describe('synthCsvChunks', () => {
  it('parses back to the table of generateCustomers, header first, whatever the chunk size', () => {
    const opts = { rows: 2_345, seed: 99 };
    const expected = rowsOf(generateCustomers(opts));
    for (const chunkRows of [1, 1000, 50_000]) {
      const chunks = [...synthCsvChunks({ ...opts, chunkRows })];
      expect(chunks[0]).toBe(expected[0].join(',') + '\n');
      expect(chunks).toHaveLength(1 + Math.ceil(opts.rows / chunkRows));
      const text = chunks.join('');
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(parseBack(text)).toEqual(expected);
    }
  });

  it('writes missing values as empty fields and numbers as integers', () => {
    const text = [...synthCsvChunks({ rows: 5_000, seed: 3 })].join('');
    expect(text).toMatch(/,,/);
    expect(text).not.toMatch(/\d\.\d/);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^100000,/);
  });

  it('supports withTarget=false and idOffset like generateCustomers', () => {
    const opts = { rows: 300, seed: 5, withTarget: false, idOffset: 1234 };
    expect(parseBack([...synthCsvChunks({ ...opts, chunkRows: 7 })].join(''))).toEqual(rowsOf(generateCustomers(opts)));
  });

  it('yields only the header for zero rows', () => {
    expect([...synthCsvChunks({ rows: 0 })]).toEqual([loadSynthParams().header.join(',') + '\n']);
  });

  it('quotes values that need it (RFC 4180)', () => {
    const params: SynthParams = JSON.parse(JSON.stringify(loadSynthParams()));
    const gender = params.nodes.find((n) => n.name === 'Gender') as CategoricalNode & { categories: string[] };
    gender.categories[0] = 'Fe,male';
    gender.categories[1] = 'say "male"\nplease';
    const opts = { rows: 200, seed: 11, params };
    const text = [...synthCsvChunks(opts)].join('');
    expect(text).toContain('"Fe,male"');
    expect(text).toContain('"say ""male""\nplease"');
    expect(parseBack(text)).toEqual(rowsOf(generateCustomers(opts)));
  });

  it('rejects a bad chunk size', () => {
    expect(() => [...synthCsvChunks({ rows: 10, chunkRows: 0 })]).toThrow(UserError);
  });
});

describe('csvField', () => {
  it('leaves plain values alone and quotes the rest', () => {
    expect(csvField('Cat_6')).toBe('Cat_6');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(' a')).toBe('" a"');
  });
});
