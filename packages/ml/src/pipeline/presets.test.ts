import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/csv.js';
import { Rng } from '../random/rng.js';
import { pipelineFromConfig } from './config.js';
import { getPreset, presetNames } from './presets.js';

/** A CSV of another schema: a 400-category column (more than gradient boosting's 255 category codes), a number, a small category. */
function wideCategoriesCsv(rows: number): string {
  const rng = new Rng(3);
  const lines = ['city,age,plan,churned'];
  for (let i = 0; i < rows; i++) {
    const city = Math.floor(rng.nextUint32() / 2 ** 32 * 400);
    const age = 18 + (rng.nextUint32() % 60);
    const plan = ['a', 'b', 'c'][rng.nextUint32() % 3];
    const churned = (city % 7 === 0 || age > 60) !== rng.nextUint32() / 2 ** 32 < 0.2 ? 'yes' : 'no';
    lines.push(`c${city},${age},${plan},${churned}`);
  }
  return lines.join('\n') + '\n';
}

describe('presets on a CSV of another schema', () => {
  const ds = parseCsvText(wideCategoriesCsv(3000), { target: 'churned', requireTarget: true });
  const probe = parseCsvText('city,age,plan\nc7,30,a\nnowhere,70,zzz\n', { schema: ds.schema });

  it.each(presetNames())('%s fits a column of 400 categories and scores unseen ones', (name) => {
    const p = pipelineFromConfig(getPreset(name).build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const proba = p.predictProba(probe.frame);
    expect(proba).toHaveLength(4);
    for (const v of proba) expect(v).toBeGreaterThanOrEqual(0);
    expect(proba[0] + proba[1]).toBeCloseTo(1, 12);
  }, 60_000);

  it('the native presets give the 254 most frequent cities their own codes and the rest one shared code', () => {
    const p = pipelineFromConfig(getPreset('hist-gbdt').build(ds.schema, 0)).fit(ds.frame, ds.labels!);
    const codes = p.transform(ds.frame).data;
    const seen = new Set<number>();
    const d = p.features.length;
    const at = p.features.indexOf('city');
    for (let i = 0; i < ds.frame.nRows; i++) seen.add(codes[i * d + at]);
    expect(seen.size).toBe(255);
    expect(Math.max(...seen)).toBe(254);
  });
});
