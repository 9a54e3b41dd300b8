import { UserError } from '../core/errors.js';
import { ID_BASE, outputHeader, resolveOptions, type GenerateOptions } from './generate.js';
import { CustomerSampler, type SampledColumn } from './sampler.js';

export interface SynthCsvOptions extends GenerateOptions {
  /** Rows per yielded chunk (bounds memory); default 50,000. */
  chunkRows?: number;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF (or edge spaces, which some readers trim), doubling quotes. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const ZERO = 0x30;
/** Widest cell written by the fast integer path (2^53 has 16 digits) or by String(number) (e.g. -1.2345678901234567e-300). */
const NUMBER_BYTES = 32;

/**
 * The synthetic table as CSV text: the header line first, then one chunk per `chunkRows` rows, every line
 * ending in '\n'. Rows continue one random stream, so the text equals that of `generateCustomers` with the
 * same options whatever the chunk size.
 */
export function* synthCsvChunks(opts: SynthCsvOptions): Generator<string, void, undefined> {
  const o = resolveOptions(opts);
  const chunkRows = opts.chunkRows ?? 50_000;
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) throw new UserError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const header = outputHeader(o.params, o.withTarget);
  const sampler = new CustomerSampler(o.params, o.seed);
  yield header.map(csvField).join(',') + '\n';

  let nextId = ID_BASE + o.idOffset;
  let buf = Buffer.alloc(0);
  for (let done = 0; done < o.rows; ) {
    const n = Math.min(chunkRows, o.rows - done);
    const block = sampler.sample(n);
    const byName = new Map(block.columns.map((c) => [c.name, c]));
    const writers = header.map((name) => (name === o.params.id ? null : cellWriter(byName.get(name)!)));
    const lastId = nextId + n - 1;
    const rowBytes = writers.reduce((s, w) => s + (w === null ? String(lastId).length : w.maxBytes) + 1, 0);
    if (buf.length < n * rowBytes) buf = Buffer.allocUnsafe(n * rowBytes);
    // Bytes are assembled directly: building a JS string per row costs more than sampling the row.
    let pos = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < writers.length; j++) {
        if (j > 0) buf[pos++] = COMMA;
        const w = writers[j];
        pos = w === null ? writeUint(buf, pos, nextId + i) : w.write(buf, pos, i);
      }
      buf[pos++] = NEWLINE;
    }
    nextId += n;
    done += n;
    yield buf.toString('utf8', 0, pos);
  }
}

interface CellWriter {
  readonly maxBytes: number;
  write(buf: Buffer, pos: number, row: number): number;
}

function cellWriter(col: SampledColumn): CellWriter {
  if (col.kind === 'categorical') {
    const encoded = col.categories.map((c) => Buffer.from(csvField(c), 'utf8'));
    const codes = col.codes;
    return {
      maxBytes: Math.max(0, ...encoded.map((b) => b.length)),
      write(buf, pos, row) {
        const c = codes[row];
        if (c < 0) return pos;
        const bytes = encoded[c];
        for (let k = 0; k < bytes.length; k++) buf[pos + k] = bytes[k];
        return pos + bytes.length;
      },
    };
  }
  const values = col.values;
  return {
    maxBytes: NUMBER_BYTES,
    write(buf, pos, row) {
      const v = values[row];
      if (v !== v) return pos;
      if (Number.isSafeInteger(v) && v >= 0) return writeUint(buf, pos, v);
      return pos + buf.write(String(v), pos, 'latin1');
    },
  };
}

/** Writes a non-negative safe integer in decimal, as String(v) would. */
function writeUint(buf: Buffer, pos: number, v: number): number {
  let digits = 1;
  for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
  for (let k = digits - 1; k >= 0; k--) {
    const q = Math.floor(v / 10);
    buf[pos + k] = ZERO + (v - q * 10);
    v = q;
  }
  return pos + digits;
}
