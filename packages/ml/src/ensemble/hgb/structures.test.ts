import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../core/errors.js';
import { decodeArray, encodeArray } from './codec.js';
import { PyHeap } from './heap.js';
import { shouldStop } from './boosting.js';

describe('PyHeap', () => {
  it("pops in Python heapq's order, ties included", () => {
    // Expected order from CPython: heappush/heappop with __lt__ = "larger gain first".
    const heap = new PyHeap<{ gain: number; id: number }>((a, b) => a.gain > b.gain);
    const popped: number[] = [];
    const ops: ([number, number] | null)[] = [[3, 0], [1, 1], [3, 2], [2, 3], null, [3, 4], [1, 5], [2, 6], null, null, [3, 7], null, null, null, null, null];
    for (const op of ops) {
      if (op) heap.push({ gain: op[0], id: op[1] });
      else popped.push(heap.pop().id);
    }
    expect(popped).toEqual([0, 2, 4, 7, 6, 3, 1, 5]);
    expect(heap.length).toBe(0);
    expect(() => heap.pop()).toThrow();
  });
});

describe('typed array codec', () => {
  it('round-trips every element type bit for bit', () => {
    const f = Float64Array.of(0, -0, 1.5, -1e-300, Infinity, Number.MAX_VALUE, 5e-324);
    const back = decodeArray(encodeArray(f), Float64Array, 'f');
    expect(Array.from(back).map((x) => Object.is(x, -0) ? '-0' : x)).toEqual(Array.from(f).map((x) => Object.is(x, -0) ? '-0' : x));
    expect(Array.from(decodeArray(encodeArray(Int32Array.of(-1, 2 ** 31 - 1, -(2 ** 31))), Int32Array, 'i'))).toEqual([-1, 2 ** 31 - 1, -(2 ** 31)]);
    expect(Array.from(decodeArray(encodeArray(Uint32Array.of(0, 2 ** 32 - 1)), Uint32Array, 'u'))).toEqual([0, 2 ** 32 - 1]);
    expect(Array.from(decodeArray(encodeArray(Uint8Array.of(0, 255)), Uint8Array, 'b'))).toEqual([0, 255]);
  });

  it('writes little-endian bytes', () => {
    expect(Buffer.from(encodeArray(Int32Array.of(1)), 'base64')).toEqual(Buffer.from([1, 0, 0, 0]));
  });

  it('rejects what is not base64 of whole elements of the expected count', () => {
    expect(() => decodeArray(42, Int32Array, 'x')).toThrow(ModelFormatError);
    expect(() => decodeArray('not base64!', Int32Array, 'x')).toThrow(ModelFormatError);
    expect(() => decodeArray(Buffer.from([1, 2, 3]).toString('base64'), Int32Array, 'x')).toThrow(/whole number/);
    expect(() => decodeArray(encodeArray(Int32Array.of(1, 2)), Int32Array, 'x', 3)).toThrow(/expected 3/);
  });
});

describe('shouldStop (scikit-learn _should_stop)', () => {
  it('stops when none of the last n scores beats the one before them by more than tol', () => {
    expect(shouldStop([1, 2, 3], 2, 0)).toBe(false);
    expect(shouldStop([1, 1, 1], 2, 0)).toBe(true);
    expect(shouldStop([1, 1, 1.5], 2, 0)).toBe(false);
    expect(shouldStop([1, 1, 1.5], 2, 0.5)).toBe(true);
    expect(shouldStop([1, 1], 2, 0)).toBe(false);
  });
});
