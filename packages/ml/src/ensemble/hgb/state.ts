import { ModelFormatError } from '../../core/errors.js';
import { readBoolean, readClasses, readInt, readNumbers } from '../../linear/json-state.js';
import type { BoostingResult } from './boosting.js';
import { HGB_TYPE } from './options.js';
import { decodeThresholds, decodeTrees, encodeThresholds, encodeTrees } from './tree-codec.js';

const who = HGB_TYPE;

/** The learned state of a fitted model as plain JSON data (trees as base64 typed arrays). */
export function hgbStateToJSON(m: BoostingResult, classes: readonly string[], nFeatures: number): Record<string, unknown> {
  return {
    classes: [...classes],
    nFeatures,
    nIter: m.nIter,
    nTreesPerIteration: m.nTreesPerIteration,
    baseline: Array.from(m.baseline),
    isCategorical: Array.from(m.isCategorical, (b) => b === 1),
    knownCategories: m.knownCategories.map((c) => Array.from(c)),
    binThresholds: encodeThresholds(m.binThresholds),
    doEarlyStopping: m.doEarlyStopping,
    trainScore: [...m.trainScore],
    validationScore: [...m.validationScore],
    trees: encodeTrees(m.trees),
  };
}

/** Reads and validates what hgbStateToJSON wrote; never trusts a shape it has not checked. */
export function readHgbState(
  state: Record<string, unknown>,
  maxBins: number,
): { classes: string[]; nFeatures: number; result: BoostingResult } {
  const classes = readClasses(state, who, 2);
  const nFeatures = readInt(state, 'nFeatures', who, 0);
  const nIter = readInt(state, 'nIter', who, 1);
  const K = readInt(state, 'nTreesPerIteration', who, 1);
  const expectedK = classes.length === 2 ? 1 : classes.length;
  if (K !== expectedK) throw new ModelFormatError(`${who}: state.nTreesPerIteration must be ${expectedK} for ${classes.length} classes`);
  const baseline = readNumbers(state.baseline, 'state.baseline', who, K);

  const cat = state.isCategorical;
  if (!Array.isArray(cat) || cat.length !== nFeatures || !cat.every((b) => typeof b === 'boolean')) {
    throw new ModelFormatError(`${who}: state.isCategorical must be ${nFeatures} booleans`);
  }
  const isCategorical = Uint8Array.from(cat as boolean[], (b) => (b ? 1 : 0));
  const knownRaw = state.knownCategories;
  if (!Array.isArray(knownRaw) || knownRaw.length !== nFeatures) {
    throw new ModelFormatError(`${who}: state.knownCategories must hold one array per feature`);
  }
  const knownCategories = knownRaw.map((c, f) => {
    const codes = readNumbers(c, `state.knownCategories[${f}]`, who);
    if (!isCategorical[f] && codes.length > 0) throw new ModelFormatError(`${who}: state.knownCategories[${f}] must be empty for a numeric feature`);
    for (let i = 0; i < codes.length; i++) {
      const v = codes[i];
      if (!Number.isInteger(v) || v < 0 || v >= maxBins || (i > 0 && !(v > codes[i - 1]))) {
        throw new ModelFormatError(`${who}: state.knownCategories[${f}] must be increasing category codes in 0..${maxBins - 1}`);
      }
    }
    return codes;
  });

  const doEarlyStopping = readBoolean(state, 'doEarlyStopping', who);
  const trainScore = Array.from(readNumbers(state.trainScore, 'state.trainScore', who));
  const validationScore = Array.from(readNumbers(state.validationScore, 'state.validationScore', who));
  const binThresholds = decodeThresholds(state.binThresholds, who, isCategorical, maxBins);
  const trees = decodeTrees(state.trees, who, nIter * K, isCategorical, binThresholds);
  return {
    classes,
    nFeatures,
    result: { isCategorical, knownCategories, binThresholds, baseline, nTreesPerIteration: K, nIter, trees, doEarlyStopping, trainScore, validationScore },
  };
}
