import type { ModelInfo } from '../api/client';
import { csvCell } from './csv-cell';

/** A small deterministic generator (the sample file is the same every time). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}


/**
 * A CSV of `rows` made-up customers that fits the served model's input schema (categories it knows, numbers in
 * its training range, a few blanks in optional fields), for trying the Batch page.
 */
export function sampleCsv(model: ModelInfo, rows = 25): string {
  const { fields, id_field } = model.input_schema;
  const rnd = lcg(20261126);
  const lines = [[id_field, ...fields.map((f) => f.name)].map(csvCell).join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = [String(100001 + i)];
    for (const f of fields) {
      if (f.optional && rnd() < 0.08) {
        cells.push('');
        continue;
      }
      if (f.type === 'categorical') {
        const cats = f.categories ?? [];
        cells.push(cats.length ? csvCell(cats[Math.floor(rnd() * cats.length)]!) : '');
      } else {
        const lo = Number.isFinite(f.training_min) ? f.training_min! : Number.isFinite(f.min) ? f.min! : 0;
        const hi = Number.isFinite(f.training_max) ? f.training_max! : Number.isFinite(f.max) ? f.max! : lo + 10;
        cells.push(String(Math.round(lo + rnd() * (hi - lo))));
      }
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
