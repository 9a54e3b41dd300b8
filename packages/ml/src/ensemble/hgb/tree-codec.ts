import { ModelFormatError } from '../../core/errors.js';
import { decodeArray, encodeArray } from './codec.js';
import { BITSET_WORDS } from './splitter.js';
import { emptyTree, TreeEnsemble } from './trees.js';

/**
 * The stored form of a TreeEnsemble. Split nodes and leaves are kept apart (a split needs a feature,
 * a threshold bin, a missing-value direction and two children; a leaf only its value), each tree's
 * split nodes then leaves in pre-order. A child reference c >= 0 is split node c of the same tree,
 * c < 0 is leaf −1 − c. A numeric split stores its threshold as a bin index into the feature's bin
 * thresholds (kept once per model); a categorical one (bin 0) takes the next bitset in `bitsets`.
 * Arrays are base64 of little-endian typed arrays. About 3× smaller than one record per node.
 */
export interface TreesJSON {
  /** Split nodes per tree (a tree has one more leaf than split nodes). */
  nSplits: string;
  feature: string;
  bin: string;
  missingLeft: string;
  left: string;
  right: string;
  value: string;
  bitsets: string;
}

export function encodeTrees(e: TreeEnsemble): TreesJSON {
  const { nodeStart, t } = e;
  const m = e.nNodes;
  const nTrees = e.nTrees;
  const nSplits = new Int32Array(nTrees);
  const nSplitsTotal = (m - nTrees) / 2;
  const feature = new Int32Array(nSplitsTotal);
  const bin = new Uint8Array(nSplitsTotal);
  const missingLeft = new Uint8Array(nSplitsTotal);
  const left = new Int32Array(nSplitsTotal);
  const right = new Int32Array(nSplitsTotal);
  const value = new Float64Array(nTrees + nSplitsTotal);
  const bitsets: number[] = [];
  const ref = new Int32Array(m);
  let s = 0;
  let l = 0;
  for (let tree = 0; tree < nTrees; tree++) {
    const base = nodeStart[tree];
    const end = nodeStart[tree + 1];
    const s0 = s;
    const l0 = l;
    for (let g = base; g < end; g++) ref[g] = t.feature[g] < 0 ? -1 - (l++ - l0) : s++ - s0;
    nSplits[tree] = s - s0;
    for (let g = base; g < end; g++) {
      if (t.feature[g] < 0) {
        value[l0 + (-1 - ref[g])] = t.value[g];
        continue;
      }
      const j = s0 + ref[g];
      feature[j] = t.feature[g];
      bin[j] = t.bin[g];
      missingLeft[j] = t.missingLeft[g];
      left[j] = ref[base + t.left[g]];
      right[j] = ref[base + t.right[g]];
      const bi = t.bitsetIndex[g];
      if (bi >= 0) for (let w = 0; w < BITSET_WORDS; w++) bitsets.push(t.bitsets[bi * BITSET_WORDS + w]);
    }
  }
  return {
    nSplits: encodeArray(nSplits),
    feature: encodeArray(feature),
    bin: encodeArray(bin),
    missingLeft: encodeArray(missingLeft),
    left: encodeArray(left),
    right: encodeArray(right),
    value: encodeArray(value),
    bitsets: encodeArray(Uint32Array.from(bitsets)),
  };
}

/**
 * Decodes and validates: array lengths agree, features are in range, numeric bins index the feature's
 * thresholds, each child is a later split node or a leaf of the same tree and every node but the root
 * is the child of exactly one split (so the nodes form one tree and every walk ends at a leaf),
 * categorical splits have their bitsets, leaf values are finite.
 */
export function decodeTrees(
  json: unknown,
  who: string,
  nTrees: number,
  isCategorical: Uint8Array,
  binThresholds: readonly Float64Array[],
): TreeEnsemble {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelFormatError(`${who}: state.trees must be an object`);
  const o = json as Record<string, unknown>;
  const where = (k: string): string => `${who}: state.trees.${k}`;
  const nSplits = decodeArray(o.nSplits, Int32Array, where('nSplits'), nTrees);
  let total = 0;
  for (let tree = 0; tree < nTrees; tree++) {
    if (!(nSplits[tree] >= 0)) throw new ModelFormatError(`${where('nSplits')}: tree ${tree} has a negative count`);
    total += nSplits[tree];
  }
  const feature = decodeArray(o.feature, Int32Array, where('feature'), total);
  const bin = decodeArray(o.bin, Uint8Array, where('bin'), total);
  const missingLeft = decodeArray(o.missingLeft, Uint8Array, where('missingLeft'), total);
  const left = decodeArray(o.left, Int32Array, where('left'), total);
  const right = decodeArray(o.right, Int32Array, where('right'), total);
  const value = decodeArray(o.value, Float64Array, where('value'), total + nTrees);
  const bitsets = decodeArray(o.bitsets, Uint32Array, where('bitsets'));

  const nFeatures = isCategorical.length;
  let nCategorical = 0;
  for (let j = 0; j < total; j++) {
    const f = feature[j];
    const bad = (what: string): never => {
      throw new ModelFormatError(`${who}: state.trees: split node ${j}: ${what}`);
    };
    if (!(f >= 0 && f < nFeatures)) bad(`feature ${f} is outside 0..${nFeatures - 1}`);
    if (missingLeft[j] > 1) bad('missingLeft must be 0 or 1');
    if (isCategorical[f]) {
      if (bin[j] !== 0) bad('a categorical split has bin 0');
      nCategorical++;
    } else if (bin[j] > binThresholds[f].length) bad(`bin ${bin[j]} is beyond feature ${f}'s ${binThresholds[f].length + 1} bins`);
  }
  if (bitsets.length !== nCategorical * BITSET_WORDS) {
    throw new ModelFormatError(`${where('bitsets')} must hold ${BITSET_WORDS} words for each of the ${nCategorical} categorical splits`);
  }
  for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) throw new ModelFormatError(`${where('value')}[${i}] is not finite`);

  const nodeStart = new Int32Array(nTrees + 1);
  for (let tree = 0; tree < nTrees; tree++) nodeStart[tree + 1] = nodeStart[tree] + 2 * nSplits[tree] + 1;
  const out = emptyTree(nodeStart[nTrees], nCategorical);
  out.bitsets.set(bitsets);
  // Ordinal of each categorical split among all splits: its bitset.
  const bitsetOf = new Int32Array(total).fill(-1);
  for (let j = 0, c = 0; j < total; j++) if (isCategorical[feature[j]]) bitsetOf[j] = c++;

  let s0 = 0;
  for (let tree = 0; tree < nTrees; tree++) {
    const ns = nSplits[tree];
    const l0 = s0 + tree; // leaves of earlier trees: one more than their splits
    const seenSplit = new Uint8Array(ns);
    const seenLeaf = new Uint8Array(ns + 1);
    const check = (parent: number, c: number): void => {
      const fail = (what: string): never => {
        throw new ModelFormatError(`${who}: state.trees: tree ${tree} split ${parent}: ${what}`);
      };
      if (c >= 0) {
        if (!(c > parent && c < ns)) fail(`child ${c} must be a later split node (< ${ns})`);
        if (seenSplit[c]++) fail(`split node ${c} has two parents`);
      } else {
        const leaf = -1 - c;
        if (!(leaf <= ns)) fail(`leaf ${leaf} is outside 0..${ns}`);
        if (seenLeaf[leaf]++) fail(`leaf ${leaf} has two parents`);
      }
    };
    for (let j = 0; j < ns; j++) {
      check(j, left[s0 + j]);
      check(j, right[s0 + j]);
    }
    // With 2·ns child slots, ns − 1 splits and ns + 1 leaves each referenced once, all are used.

    // Rebuild the flat pre-order layout used for prediction.
    const base = nodeStart[tree];
    let next = 0;
    const stack: { ref: number; parent: number; isRight: boolean }[] = [{ ref: ns > 0 ? 0 : -1, parent: -1, isRight: false }];
    while (stack.length > 0) {
      const { ref, parent, isRight } = stack.pop()!;
      const g = base + next;
      if (parent >= 0) (isRight ? out.right : out.left)[base + parent] = next;
      next++;
      out.feature[g] = -1;
      if (ref < 0) {
        out.value[g] = value[l0 + (-1 - ref)];
        continue;
      }
      const j = s0 + ref;
      const f = feature[j];
      out.feature[g] = f;
      out.bin[g] = bin[j];
      out.missingLeft[g] = missingLeft[j];
      if (isCategorical[f]) out.bitsetIndex[g] = bitsetOf[j];
      else out.threshold[g] = bin[j] === binThresholds[f].length ? Infinity : binThresholds[f][bin[j]];
      stack.push({ ref: right[j], parent: g - base, isRight: true });
      stack.push({ ref: left[j], parent: g - base, isRight: false });
    }
    s0 += ns;
  }
  return new TreeEnsemble(nodeStart, out);
}

export function encodeThresholds(thresholds: readonly Float64Array[]): string[] {
  return thresholds.map((t) => encodeArray(t));
}

/** Per feature, non-decreasing bin thresholds (none for categorical features), at most maxBins − 1. */
export function decodeThresholds(value: unknown, who: string, isCategorical: Uint8Array, maxBins: number): Float64Array[] {
  if (!Array.isArray(value) || value.length !== isCategorical.length) {
    throw new ModelFormatError(`${who}: state.binThresholds must hold one entry per feature`);
  }
  return value.map((v, f) => {
    const t = decodeArray(v, Float64Array, `${who}: state.binThresholds[${f}]`);
    const ok = (isCategorical[f] ? t.length === 0 : t.length <= maxBins - 1) && t.every((x, i) => !Number.isNaN(x) && (i === 0 || x >= t[i - 1]));
    if (!ok) throw new ModelFormatError(`${who}: state.binThresholds[${f}] must be at most ${maxBins - 1} non-decreasing numbers (none if categorical)`);
    return t;
  });
}
