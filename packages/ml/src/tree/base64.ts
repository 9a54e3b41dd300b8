import { ModelFormatError } from '../core/errors.js';

/**
 * Typed arrays in model documents: the base64 (RFC 4648, with padding) of the array's bytes in
 * little-endian order, whatever the machine's own byte order, so a model file written anywhere loads
 * anywhere. Decoding is strict: a wrong alphabet, wrong padding or a length that is not the expected
 * element count times the element size is a ModelFormatError, never a silently shortened array.
 */

type Numeric = Int32Array | Float64Array;
type NumericCtor = Int32ArrayConstructor | Float64ArrayConstructor;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeTypedArray(a: Numeric): string {
  const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return bytes.toString('base64');
  const copy = Buffer.from(bytes);
  if (a.BYTES_PER_ELEMENT === 8) copy.swap64();
  else copy.swap32();
  return copy.toString('base64');
}

function decode(value: unknown, where: string, length: number, ctor: NumericCtor): Numeric {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new ModelFormatError(`${where} must be a base64 string`);
  const bytes = Buffer.from(value, 'base64');
  const expected = length * ctor.BYTES_PER_ELEMENT;
  if (bytes.length !== expected) {
    throw new ModelFormatError(`${where} holds ${bytes.length} bytes, expected ${expected} (${length} × ${ctor.BYTES_PER_ELEMENT})`);
  }
  // Copy into a fresh buffer: Buffer's pooled memory need not be aligned for a typed-array view.
  const own = new Uint8Array(expected);
  own.set(bytes);
  if (!LITTLE_ENDIAN) {
    const b = Buffer.from(own.buffer);
    if (ctor.BYTES_PER_ELEMENT === 8) b.swap64();
    else b.swap32();
  }
  return new ctor(own.buffer);
}

export function decodeInt32Array(value: unknown, where: string, length: number): Int32Array {
  return decode(value, where, length, Int32Array) as Int32Array;
}

export function decodeFloat64Array(value: unknown, where: string, length: number): Float64Array {
  return decode(value, where, length, Float64Array) as Float64Array;
}
