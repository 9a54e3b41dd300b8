import { UserError } from '../core/errors.js';
import type { Labels, Matrix } from '../core/types.js';
import { TreeBuilder, type TreeArrays } from '../tree/builder.js';
import { classWeightsFor, type TreeClassWeight } from '../tree/class-weight.js';
import { resolveGrowthParams, type ResolvedTreeParams, type TreeGrowthParams } from '../tree/params.js';
import { prepareTrainingData } from '../tree/training-data.js';
import { TreeRandom } from '../tree/tree-random.js';
import type { TrainingData } from '../tree/training-data.js';

/**
 * Everything needed to grow tree i of a forest, as plain data (typed arrays on SharedArrayBuffers) so
 * it can be posted to worker threads unchanged. Tree i depends on this job and i alone.
 */
export interface ForestJob {
  readonly data: TrainingData;
  readonly params: ResolvedTreeParams;
  readonly nEstimators: number;
  readonly randomState: number;
  readonly bootstrap: boolean;
  /** Rows drawn with replacement per tree (sklearn's n_samples_bootstrap). */
  readonly nDraws: number;
  /** Per-row class weight ('balanced' or a mapping, expanded), or null for 1. */
  readonly baseWeight: Float64Array | null;
  /** 'balanced_subsample': class weights recomputed on each bootstrap sample. */
  readonly balancedSubsample: boolean;
}

/** What a forest's fit needs to know beyond the data: the estimator's hyper-parameters. */
export interface ForestSpec {
  readonly growth: TreeGrowthParams;
  readonly nEstimators: number;
  readonly randomState: number;
  readonly bootstrap: boolean;
  readonly maxSamples: number | null;
  readonly classWeight: TreeClassWeight | 'balanced_subsample' | null;
}

/** Binned data, resolved tree options, bootstrap size and class weights of a forest fit (sklearn's fit preamble). */
export function forestJob(who: string, spec: ForestSpec, X: Matrix, y: Labels, classCounts: Float64Array): ForestJob {
  const n = X.nRows;
  const k = y.classes.length;
  const data = prepareTrainingData(who, X, y.codes, k);
  const params = resolveGrowthParams(who, spec.growth, n, X.nCols);
  let nDraws = n;
  if (spec.maxSamples !== null) {
    if (Number.isInteger(spec.maxSamples)) {
      if (spec.maxSamples > n) throw new UserError(`${who}: maxSamples must be at most the number of rows (${n}), got ${spec.maxSamples}`);
      nDraws = spec.maxSamples;
    } else nDraws = Math.max(pythonRound(n * spec.maxSamples), 1);
  }
  // sklearn: 'balanced_subsample' without bootstrap is 'balanced'; other class weights are expanded once.
  const balancedSubsample = spec.classWeight === 'balanced_subsample' && spec.bootstrap;
  let baseWeight: Float64Array | null = null;
  if (spec.classWeight !== null && !balancedSubsample) {
    const cw = classWeightsFor(who, spec.classWeight === 'balanced_subsample' ? 'balanced' : spec.classWeight, y.classes, classCounts);
    baseWeight = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
    for (let i = 0; i < n; i++) baseWeight[i] = cw[y.codes[i]];
  }
  return {
    data,
    params,
    nEstimators: spec.nEstimators,
    randomState: spec.randomState,
    bootstrap: spec.bootstrap,
    nDraws,
    baseWeight,
    balancedSubsample,
  };
}

/** Python's round(): halves to even, as sklearn's max(round(n_samples * max_samples), 1). */
function pythonRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Per-thread memory reused for every tree. */
export class ForestWorkspace {
  readonly builder: TreeBuilder;
  readonly weights: Float64Array;
  readonly counts: Float64Array;

  constructor(readonly job: ForestJob) {
    this.builder = new TreeBuilder(job.data);
    this.weights = new Float64Array(job.data.nRows);
    this.counts = new Float64Array(job.data.nRows);
  }
}

export function treeRng(job: ForestJob, index: number): TreeRandom {
  return new TreeRandom(job.randomState, index);
}

/** How often each row is drawn into tree `index`'s bootstrap sample; leaves `rng` ready for the splitter. */
export function drawBootstrap(job: ForestJob, rng: TreeRandom, counts: Float64Array): void {
  const n = job.data.nRows;
  counts.fill(0);
  for (let t = 0; t < job.nDraws; t++) counts[rng.nextInt(n)]++;
}

/**
 * sklearn's _parallel_build_trees: sample weight = class weight × bootstrap count (× the bootstrap
 * sample's own balanced class weights for 'balanced_subsample'), in sklearn's order of multiplication.
 * `counts` are the bootstrap counts, null without bootstrap.
 */
export function fillTreeWeights(job: ForestJob, counts: Float64Array | null, w: Float64Array): void {
  const { nRows: n, nClasses: k, y } = job.data;
  const base = job.baseWeight;
  if (counts === null) {
    for (let i = 0; i < n; i++) w[i] = base === null ? 1 : base[i];
    return;
  }
  for (let i = 0; i < n; i++) w[i] = (base === null ? 1 : base[i]) * counts[i];
  if (job.balancedSubsample) {
    const byClass = new Float64Array(k);
    for (let i = 0; i < n; i++) byClass[y[i]] += counts[i];
    const cw = classWeightsFor('RandomForestClassifier', 'balanced', classNames(k), byClass);
    for (let i = 0; i < n; i++) w[i] *= cw[y[i]];
  }
}

/** Tree `index` of the forest: its bootstrap, its weights, its splits, all from (job, index). */
export function growForestTree(ws: ForestWorkspace, index: number): TreeArrays {
  const job = ws.job;
  const rng = treeRng(job, index);
  if (job.bootstrap) drawBootstrap(job, rng, ws.counts);
  fillTreeWeights(job, job.bootstrap ? ws.counts : null, ws.weights);
  return ws.builder.build(ws.weights, job.params, rng);
}

/** 'balanced' weights only need the class count, not the names. */
function classNames(k: number): string[] {
  return Array.from({ length: k }, (_, c) => String(c));
}
