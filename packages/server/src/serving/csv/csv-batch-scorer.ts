import { csvField } from '@custseg/ml';
import type { ServedModel } from '../model/served-model.js';
import type { RowBatch } from '../scoring/row-batch.js';
import type { ScoredBatch } from '../scoring/score.js';
import type { CsvColumns } from './csv-header.js';
import { compileCsvRowReader, type CsvRowReader } from './csv-row-reader.js';
import { ByteWriter } from './byte-writer.js';
import { fieldsOf } from './record-parser.js';

export type CsvOutputFormat = 'csv' | 'ndjson';

/** Rows per predictProba call: large enough to amortise the call, small enough not to stall other requests. */
export const CSV_BATCH_ROWS = 4096;

/**
 * Longest row scored. A batch keeps each row's ID and unknown categories until it is written out, so without a
 * cap a batch of huge cells could hold gigabytes; real rows are tens of bytes.
 */
export const MAX_ROW_CHARS = 16 * 1024;

/**
 * Scores an upload's records in order, a batch at a time, and renders each batch as output text: one line per
 * input record, in input order. A record that cannot be scored (wrong field count, bad value, malformed
 * quoting) gets an `error` instead of a prediction; it never stops the file.
 */
export class CsvBatchScorer {
  rowsScored = 0;
  rowErrors = 0;
  private batch: RowBatch;
  private count = 0;
  /** Per record of the current batch: its row in `batch`, or -1 when refused. */
  private readonly rowOf: Int32Array;
  private readonly lines: Int32Array;
  private readonly problems: (string | undefined)[];
  private readonly idsOfRefused: (string | undefined)[];
  private readonly readRow: CsvRowReader;
  private readonly k: number;
  private readonly segmentCells: Buffer[];
  private readonly errorPrefix: string;
  private readonly out = new ByteWriter(1 << 18);

  constructor(
    private readonly served: ServedModel,
    private readonly cols: CsvColumns,
    readonly format: CsvOutputFormat,
    private readonly batchRows = CSV_BATCH_ROWS,
  ) {
    this.batch = served.newBatch(batchRows);
    this.rowOf = new Int32Array(batchRows);
    this.lines = new Int32Array(batchRows);
    this.problems = new Array(batchRows);
    this.idsOfRefused = new Array(batchRows);
    this.readRow = compileCsvRowReader(served.layout.features, cols);
    this.k = served.classes.length;
    this.segmentCells = served.classes.map((c) => Buffer.from(`,${csvField(c)},`));
    this.errorPrefix = ','.repeat(this.k + 2);
  }

  /** Output columns: id, class, one probability per class, warnings, error. */
  get columnCount(): number {
    return this.k + 4;
  }

  /** The CSV header line (NDJSON has none). */
  header(): string {
    if (this.format === 'ndjson') return '';
    const { layout } = this.served;
    return `${[layout.idField, layout.target, ...layout.classes.map((c) => `prob_${c}`), 'warnings', 'error'].map(csvField).join(',')}\n`;
  }

  /** Adds one record (see RecordHandler; null for a malformed one); true when the batch is full and `flush` is due. */
  add(record: string | string[] | null, line: number, parseError?: string): boolean {
    const r = this.count++;
    this.lines[r] = line;
    const problem =
      record === null ? (parseError ?? 'malformed record') : rowLength(record) > MAX_ROW_CHARS ? `row longer than ${MAX_ROW_CHARS} characters` : this.readRow(record, this.batch);
    if (problem === null) {
      this.rowOf[r] = this.batch.n - 1;
    } else {
      this.rowOf[r] = -1;
      this.problems[r] = problem;
      const fields = record === null || this.cols.idAt < 0 || rowLength(record) > MAX_ROW_CHARS ? null : fieldsOf(record);
      this.idsOfRefused[r] = fields !== null && this.cols.idAt < fields.length ? fields[this.cols.idAt].trim() : '';
    }
    return this.count >= this.batchRows;
  }

  /** Scores the batch and returns its output (empty when no record is pending). */
  flush(): Buffer | string {
    if (this.count === 0) return '';
    const scored = this.served.score(this.batch);
    const out = this.format === 'csv' ? this.renderCsv(scored) : this.renderNdjson(scored);
    this.batch = this.served.newBatch(this.batchRows);
    this.problems.fill(undefined, 0, this.count);
    this.idsOfRefused.fill(undefined, 0, this.count);
    this.count = 0;
    return out;
  }

  private problemOf(r: number, scored: ScoredBatch): string | undefined {
    const row = this.rowOf[r];
    if (row < 0) return this.problems[r];
    return scored.pred[row] < 0 ? (scored.rowErrors?.[row] ?? 'not scored') : undefined;
  }

  private renderCsv(scored: ScoredBatch): Buffer {
    const k = this.k;
    const { batch, proba, pred } = scored;
    const w = this.out;
    for (let r = 0; r < this.count; r++) {
      const row = this.rowOf[r];
      const problem = this.problemOf(r, scored);
      if (problem !== undefined) {
        this.rowErrors++;
        const id = row >= 0 ? batch.id(row) : this.idsOfRefused[r];
        const warnings = row >= 0 ? batch.warnings(row) : undefined;
        w.text(`${id ? csvField(String(id)) : ''}${this.errorPrefix}${warnings ? csvField(warnings.join('; ')) : ''},${csvField(`line ${this.lines[r]}: ${problem}`)}\n`);
        continue;
      }
      this.rowsScored++;
      const id = batch.id(row);
      if (id !== null) w.text(csvField(String(id)));
      w.bytes(this.segmentCells[pred[row]]);
      const base = row * k;
      for (let j = 0; j < k; j++) {
        if (j > 0) w.byte(44);
        w.fixed6(proba[base + j]);
      }
      const warnings = batch.warnings(row);
      if (warnings === undefined) {
        w.byte(44);
        w.byte(44);
      } else w.text(`,${csvField(warnings.join('; '))},`);
      w.byte(10);
    }
    return w.take();
  }

  private renderNdjson(scored: ScoredBatch): string {
    const idKey = JSON.stringify(this.served.layout.idField);
    let s = '';
    for (let r = 0; r < this.count; r++) {
      const row = this.rowOf[r];
      const problem = this.problemOf(r, scored);
      if (problem !== undefined) {
        this.rowErrors++;
        const id = row >= 0 ? scored.batch.id(row) : this.idsOfRefused[r];
        s += `{${id ? `${idKey}:${JSON.stringify(String(id))},` : ''}"line":${this.lines[r]},"error":${JSON.stringify(problem)}}\n`;
        continue;
      }
      this.rowsScored++;
      s += `${this.served.encodeRow(scored, row)}\n`;
    }
    return s;
  }
}

function rowLength(record: string | string[]): number {
  if (typeof record === 'string') return record.length;
  let n = 0;
  for (const f of record) n += f.length + 1;
  return n;
}
