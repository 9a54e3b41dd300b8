import { ModelFormatError } from '../../core/errors.js';

/**
 * Typed arrays as base64 of their little-endian bytes: compact, exact (doubles keep every bit, so a
 * reloaded model predicts bit-identically) and independent of the host's byte order.
 */
export type NumericArray = Int32Array | Uint32Array | Uint8Array | Float64Array;
type ArrayCtor<T extends NumericArray> = { new (n: number): T; readonly BYTES_PER_ELEMENT: number; readonly name: string };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function encodeArray(a: NumericArray): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return Buffer.from(bytes).toString('base64');
  return Buffer.from(swapBytes(bytes, a.BYTES_PER_ELEMENT)).toString('base64');
}

/** Decodes what encodeArray wrote, checking it is base64 of whole elements (and the length, when given). */
export function decodeArray<T extends NumericArray>(value: unknown, ctor: ArrayCtor<T>, where: string, length?: number): T {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new ModelFormatError(`${where} must be a base64 string`);
  }
  const raw = Buffer.from(value, 'base64');
  const size = ctor.BYTES_PER_ELEMENT;
  if (raw.length % size !== 0) throw new ModelFormatError(`${where}: ${raw.length} bytes is not a whole number of ${ctor.name} elements`);
  const n = raw.length / size;
  if (length !== undefined && n !== length) throw new ModelFormatError(`${where} has ${n} elements, expected ${length}`);
  // Copy into a fresh, aligned buffer: Buffer's pooled memory may not be aligned for the element type.
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  const ordered = LITTLE_ENDIAN || size === 1 ? bytes : swapBytes(bytes, size);
  const out = new ctor(n);
  new Uint8Array(out.buffer).set(ordered);
  return out;
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j];
  return out;
}
