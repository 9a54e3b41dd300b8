import { UserError } from '../core/errors.js';

/** sklearn's `class_weight`: 'balanced' or an explicit weight per class label. */
export type ClassWeight = 'balanced' | Readonly<Record<string, number>>;

export function validateClassWeight(who: string, cw: unknown): ClassWeight | null {
  if (cw === undefined || cw === null) return null;
  if (cw === 'balanced') return 'balanced';
  if (typeof cw !== 'object' || Array.isArray(cw)) {
    throw new UserError(`${who}: classWeight must be 'balanced', an object mapping class label to weight, or null`);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(cw as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new UserError(`${who}: classWeight["${k}"] must be a finite number >= 0, got ${String(v)}`);
    }
    // defineProperty, not assignment: a class literally named "__proto__" must stay an own key.
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * sklearn's `compute_class_weight`: 'balanced' gives n / (k · count_c); a mapping gives its weight
 * (1 for classes it omits, but then every key must be a class, as sklearn insists).
 * `counts` are rows per class, all positive.
 */
export function computeClassWeight(who: string, cw: ClassWeight | null, classes: readonly string[], counts: Float64Array): Float64Array {
  const k = classes.length;
  const w = new Float64Array(k).fill(1);
  if (cw === null) return w;
  if (cw === 'balanced') {
    let n = 0;
    for (let c = 0; c < k; c++) n += counts[c];
    for (let c = 0; c < k; c++) w[c] = n / (k * counts[c]);
    return w;
  }
  const unweighted: string[] = [];
  for (let c = 0; c < k; c++) {
    const v = Object.prototype.hasOwnProperty.call(cw, classes[c]) ? cw[classes[c]] : undefined;
    if (v === undefined) unweighted.push(classes[c]);
    else w[c] = v;
  }
  if (unweighted.length > 0 && k - unweighted.length !== Object.keys(cw).length) {
    throw new UserError(`${who}: classWeight names labels that are not classes; classes without a weight: ${unweighted.join(', ')}`);
  }
  return w;
}
