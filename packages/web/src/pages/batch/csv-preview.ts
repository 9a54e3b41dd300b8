import Papa from 'papaparse';
import type { ModelInfo } from '../../api/client';
import { fieldLabel, fieldProblem, fieldWarning } from '../../model/fields';

export const PREVIEW_ROWS = 20;

export interface PreviewRow {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly cells: readonly string[];
  /** Column index → problem (errors) or warning, for highlighting. */
  readonly problems: ReadonlyMap<number, string>;
  readonly warnings: ReadonlyMap<number, string>;
}

export interface CsvPreview {
  readonly header: readonly string[];
  readonly rows: readonly PreviewRow[];
  /** Problems with the columns themselves: a required field missing (the server would refuse the file). */
  readonly headerProblems: readonly string[];
  /** Columns the model does not take (ignored or refused by the server, as it is configured). */
  readonly unknownColumns: readonly string[];
}

/** Reads the first rows of a CSV file (never the whole file) and checks them against the served model's schema. */
export function previewCsv(file: Blob, model: ModelInfo): Promise<CsvPreview> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(file as File, {
      preview: PREVIEW_ROWS + 1,
      skipEmptyLines: 'greedy',
      complete: (result) => {
        const [header = [], ...body] = result.data;
        if (header.length === 0) return reject(new Error('the file is empty: expected a header line naming the columns'));
        resolve(checkPreview(header.map((h) => h.trim().replace(/^\uFEFF/, '')), body, model));
      },
      error: (e) => reject(new Error(`cannot read the file: ${e.message}`)),
    });
  });
}

export function checkPreview(header: readonly string[], body: readonly (readonly string[])[], model: ModelInfo): CsvPreview {
  const { fields, id_field } = model.input_schema;
  const target = model.target;
  const at = new Map(header.map((h, i) => [h, i]));
  const headerProblems = fields.filter((f) => !f.optional && !at.has(f.name)).map((f) => `the column ${f.name} (${fieldLabel(f.name)}) is missing`);
  const known = new Set([id_field, target, ...fields.map((f) => f.name)]);
  const unknownColumns = header.filter((h) => h !== '' && !known.has(h));
  const rows = body.map((cells, r): PreviewRow => {
    const problems = new Map<number, string>();
    const warnings = new Map<number, string>();
    if (cells.length !== header.length) problems.set(-1, `expected ${header.length} fields, got ${cells.length}`);
    for (const f of fields) {
      const i = at.get(f.name);
      if (i === undefined) continue;
      const p = fieldProblem(f, cells[i]);
      if (p) problems.set(i, p);
      else {
        const w = fieldWarning(f, cells[i]);
        if (w) warnings.set(i, w);
      }
    }
    return { line: r + 2, cells, problems, warnings };
  });
  return { header, rows, headerProblems, unknownColumns };
}
