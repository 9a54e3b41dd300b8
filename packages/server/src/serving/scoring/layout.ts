import type { Signature } from '@custseg/ml';

/** One input feature as the request readers see it, compiled once per model from its signature. */
export interface FeatureSlot {
  readonly index: number;
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  readonly optional: boolean;
  /** Valid range (numeric); values outside are request errors. */
  readonly min: number;
  readonly max: number;
  /** Range seen in training (numeric); values outside are scored with a warning. */
  readonly trainingMin: number;
  readonly trainingMax: number;
  /** The model's categories (categorical), and their codes: the dictionary every frame of this model shares. */
  readonly categories: readonly string[];
  readonly codeOf: ReadonlyMap<string, number>;
}

/** What a request field name means for this model. */
export const ID_SLOT = -1;
export const TARGET_SLOT = -2;

/**
 * The model's input layout: feature slots in signature order plus the id and target names. Built once per
 * loaded model so that reading a request is a map lookup per field and no per-request setup.
 */
export interface FeatureLayout {
  readonly features: readonly FeatureSlot[];
  /** Field name → feature index, ID_SLOT or TARGET_SLOT. */
  readonly slotOf: ReadonlyMap<string, number>;
  /** The id field echoed back with each prediction (the signature's, else "ID"). */
  readonly idField: string;
  readonly target: string;
  readonly classes: readonly string[];
}

export function buildLayout(signature: Signature): FeatureLayout {
  const features = signature.features.map((f, index): FeatureSlot => {
    const categories = f.type === 'categorical' ? [...(f.categories ?? [])] : [];
    return {
      index,
      name: f.name,
      type: f.type,
      optional: f.optional,
      min: f.min ?? -Infinity,
      max: f.max ?? Infinity,
      trainingMin: f.training_min ?? -Infinity,
      trainingMax: f.training_max ?? Infinity,
      categories,
      codeOf: new Map(categories.map((c, i) => [c, i] as const)),
    };
  });
  const slotOf = new Map<string, number>();
  const idField = signature.id ?? 'ID';
  slotOf.set(idField, ID_SLOT);
  slotOf.set(signature.target, TARGET_SLOT);
  for (const f of features) slotOf.set(f.name, f.index);
  return { features, slotOf, idField, target: signature.target, classes: [...signature.classes] };
}
