import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteWriter } from './byte-writer.js';

describe('ByteWriter', () => {
  it('writes probabilities as toFixed(6) does', () => {
    const w = new ByteWriter(4);
    const values = [0, 1, 0.5, 1e-7, 0.9999996, 0.1234567, 0.000001, 0.3333333333];
    for (const v of values) {
      w.fixed6(v);
      w.byte(44);
    }
    expect(w.take().toString()).toBe(values.map((v) => `${v.toFixed(6)},`).join(''));
    // the documented difference: a decimal half-way point just below .5 in binary rounds up here
    w.fixed6(0.1234565);
    expect([w.take().toString(), (0.1234565).toFixed(6)]).toEqual(['0.123457', '0.123456']);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        w.fixed6(p);
        const s = w.take().toString();
        // equal except, at worst, within 1e-16 of a half-way point
        expect(Math.abs(Number(s) - Number(p.toFixed(6)))).toBeLessThan(1.5e-6);
        if (Math.abs(p * 1e6 - Math.floor(p * 1e6) - 0.5) > 1e-6) expect(s).toBe(p.toFixed(6));
      }),
      { numRuns: 5000 },
    );
  });

  it('grows and encodes text as UTF-8', () => {
    const w = new ByteWriter(2);
    w.text('é,');
    w.bytes(Buffer.from('ab'));
    w.text('x'.repeat(100));
    expect(w.take().toString()).toBe(`é,ab${'x'.repeat(100)}`);
    expect(w.take().length).toBe(0);
  });
});
