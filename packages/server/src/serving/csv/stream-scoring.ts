import { StringDecoder } from 'node:string_decoder';
import { csvField } from '@custseg/ml';
import type { Writable } from 'node:stream';
import { ApiError } from '../errors/api-error.js';
import type { ServedModel } from '../model/served-model.js';
import type { UnknownFields } from '../scoring/json-row-reader.js';
import { CsvBatchScorer, type CsvOutputFormat } from './csv-batch-scorer.js';
import { mapCsvHeader } from './csv-header.js';
import { CsvRecordParser, fieldsOf, type RecordHandler } from './record-parser.js';

export interface CsvStreamOptions {
  readonly format: CsvOutputFormat;
  readonly unknownFields: UnknownFields;
  /** Largest upload in bytes; 0 for no limit. */
  readonly maxBytes: number;
  /** Rows per scoring batch (tests use small ones). */
  readonly batchRows?: number;
}

export interface CsvStreamResult {
  readonly rowsScored: number;
  readonly rowErrors: number;
}

/**
 * Output kept in memory while the client is not reading before the upload is paused. Clients that send the
 * whole body before reading the response (Python requests, browsers) get up to this much output buffered; curl,
 * undici and anything reading as it sends never reach it. Memory stays bounded either way.
 */
export const OUTPUT_BUFFER_BYTES = 64 * 1024 * 1024;

/** Raised when the client went away mid-stream: the caller stops reading and lets the connection go. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
  }
}

/**
 * Scores a CSV upload as it arrives. The header is checked first: a header that does not fit the model (or an
 * empty upload, or one over the size limit before any output) throws an ApiError while nothing has been sent.
 * Once the header fits, `start` is called for the output stream and every later record yields one output line;
 * a problem after that point is written as a last error line, since the status has been sent.
 */
export async function scoreCsvStream(
  input: AsyncIterable<Buffer | string>,
  served: ServedModel,
  options: CsvStreamOptions,
  start: () => Writable,
): Promise<CsvStreamResult> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvRecordParser();
  let scorer: CsvBatchScorer | null = null;
  let headerError: unknown = null;
  let out: Writable | null = null;
  const ready: (Buffer | string)[] = [];
  let bytes = 0;

  const onRecord: RecordHandler = (record, line, error) => {
    if (scorer !== null) {
      if (scorer.add(record, line, error)) ready.push(scorer.flush());
      return;
    }
    if (headerError !== null) return;
    if (record === null) {
      headerError = new ApiError(400, `malformed CSV header (line ${line}): ${error ?? 'unreadable'}`);
      return;
    }
    try {
      scorer = new CsvBatchScorer(served, mapCsvHeader(fieldsOf(record), served.layout, options.unknownFields), options.format, options.batchRows);
    } catch (e) {
      headerError = e;
    }
  };

  const begin = (): Writable => {
    const w = start();
    const head = scorer!.header();
    if (head) w.write(head);
    return w;
  };

  let truncated = false;
  for await (const chunk of input) {
    bytes += chunk.length;
    if (options.maxBytes > 0 && bytes > options.maxBytes) {
      if (out === null) throw new ApiError(413, `upload larger than the limit of ${options.maxBytes} bytes`);
      truncated = true;
      break;
    }
    parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), onRecord);
    if (headerError !== null) throw headerError;
    if (scorer !== null && out === null) out = begin();
    if (out !== null) await writeAll(out, ready);
  }
  // a multipart file cut at the size limit ends without an error: its stream says so
  if (!truncated && (input as { truncated?: boolean }).truncated === true) {
    if (out === null) throw new ApiError(413, `upload larger than the limit of ${options.maxBytes} bytes`);
    truncated = true;
  }
  if (!truncated) {
    parser.push(decoder.end(), onRecord);
    parser.end(onRecord);
  }
  if (headerError !== null) throw headerError;
  if (scorer === null) throw new ApiError(400, 'empty CSV: expected a header line naming the columns');
  const s: CsvBatchScorer = scorer;
  if (out === null) out = begin();
  ready.push(s.flush());
  if (truncated) ready.push(trailerError(s, `upload larger than the limit of ${options.maxBytes} bytes; the rows after this point were not read`));
  await writeAll(out, ready);
  out.end();
  return { rowsScored: s.rowsScored, rowErrors: s.rowErrors };
}

/** A last output line carrying a problem with the upload as a whole (in the error column). */
export function trailerError(scorer: CsvBatchScorer, message: string): string {
  if (scorer.format === 'ndjson') return `${JSON.stringify({ error: message })}\n`;
  return `${','.repeat(scorer.columnCount - 1)}${csvField(message)}\n`;
}

async function writeAll(out: Writable, chunks: (Buffer | string)[]): Promise<void> {
  while (chunks.length > 0) {
    const s = chunks.shift()!;
    if (s.length === 0) continue;
    if (out.destroyed) throw new ClientGoneError();
    out.write(s);
    if (out.writableLength > OUTPUT_BUFFER_BYTES) await drained(out);
  }
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      if (out.destroyed && out.writableLength > 0) reject(new ClientGoneError());
      else resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
