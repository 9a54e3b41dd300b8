import { UserError } from '../core/errors.js';

/** sklearn's class_weight for trees: 'balanced' or an explicit weight per class label. */
export type TreeClassWeight = 'balanced' | Readonly<Record<string, number>>;

export function validateClassWeightOption(who: string, cw: unknown, extra: readonly string[] = []): TreeClassWeight | string | null {
  if (cw === undefined || cw === null) return null;
  if (cw === 'balanced' || extra.includes(cw as string)) return cw as string;
  if (typeof cw !== 'object' || Array.isArray(cw)) {
    const allowed = ["'balanced'", ...extra.map((e) => `'${e}'`)].join(', ');
    throw new UserError(`${who}: classWeight must be ${allowed}, an object mapping class label to weight, or null`);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(cw as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new UserError(`${who}: classWeight["${k}"] must be a finite number >= 0, got ${JSON.stringify(v)}`);
    }
    // defineProperty, not assignment: a class literally named "__proto__" must stay an own key.
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Weight per class code, as sklearn's compute_sample_weight(class_weight, y) assigns to each row of class c.
 * `counts[c]` is the (possibly bootstrap-weighted) number of rows of class c. 'balanced' is
 * n / (k_present · count_c) over the classes present (sklearn's np.unique(y) ignores absent ones); a
 * mapping gives its weight and 1 to classes it omits, but then every key must name a class.
 * Classes with count 0 get weight 0 (sklearn's "classes_missing" of a bootstrap sample).
 */
export function classWeightsFor(who: string, cw: TreeClassWeight, classes: readonly string[], counts: ArrayLike<number>): Float64Array {
  const k = classes.length;
  const w = new Float64Array(k);
  if (cw === 'balanced') {
    let n = 0;
    let present = 0;
    for (let c = 0; c < k; c++) {
      n += counts[c];
      if (counts[c] > 0) present++;
    }
    for (let c = 0; c < k; c++) w[c] = counts[c] > 0 ? n / (present * counts[c]) : 0;
    return w;
  }
  const unweighted: string[] = [];
  let named = 0;
  for (let c = 0; c < k; c++) {
    if (Object.prototype.hasOwnProperty.call(cw, classes[c])) {
      w[c] = cw[classes[c]];
      named++;
    } else {
      w[c] = 1;
      unweighted.push(classes[c]);
    }
  }
  if (unweighted.length > 0 && named !== Object.keys(cw).length) {
    throw new UserError(`${who}: classWeight names labels that are not classes; classes without a weight: ${unweighted.join(', ')}`);
  }
  return w;
}

/** Rows per class code. */
export function classCounts(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return counts;
}
