import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { mixedDataset } from '../tree/test-support/datasets.js';
import { RandomForestClassifier, type RandomForestClassifierOptions } from './forest.js';
import { classCounts } from '../tree/class-weight.js';
import { ForestWorkspace, forestJob, growForestTree } from './forest-grow.js';
import { effectiveJobs, growTreesInParallel } from './forest-parallel.js';

// Worker threads must not change the forest: tree i depends on (randomState, i) alone.
describe('RandomForestClassifier with nJobs > 1', () => {
  const { X, y } = mixedDataset(5000, 3, 17);
  const fit = (options: RandomForestClassifierOptions) => JSON.stringify(new RandomForestClassifier(options).fit(X, y).toJSON());

  it('gives byte-identical JSON to nJobs = 1, out-of-bag figures included', () => {
    // Big enough that the workers (compiled by tsx first, in tests) start before this thread is done.
    const options = { nEstimators: 240, maxDepth: 10, oobScore: true, classWeight: 'balanced_subsample' as const, maxSamples: 0.6, randomState: 5 };
    const single = fit({ ...options, nJobs: 1 });
    expect(fit({ ...options, nJobs: 3 })).toBe(single);
  });

  it('gives byte-identical JSON to nJobs = 1 on small forests too', () => {
    const single = fit({ nEstimators: 6, nJobs: 1 });
    expect(fit({ nEstimators: 6, nJobs: 2 })).toBe(single);
    expect(fit({ nEstimators: 6, nJobs: -1 })).toBe(single);
  });

  it('uses no more threads than trees, and -1 for every core', () => {
    expect(effectiveJobs(8, 3)).toBe(3);
    expect(effectiveJobs(1, 100)).toBe(1);
    expect(effectiveJobs(-1, 1000)).toBe(availableParallelism());
  });
});

describe('growTreesInParallel', () => {
  it('really hands trees to the workers, and gets back the trees one thread grows', () => {
    const { X, y } = mixedDataset(6000, 3, 2);
    const model = new RandomForestClassifier({ nEstimators: 400, maxDepth: 12 });
    const job = forestJob('test', model, X, y, classCounts(y.codes, 3));
    // Enough work that workers are running (tsx compiles them first in tests) before this thread is done.
    const { trees, grownByWorkers } = growTreesInParallel(job, 3);
    expect(grownByWorkers).toBeGreaterThan(0);
    const ws = new ForestWorkspace(job);
    trees.forEach((t, i) => {
      const same = growForestTree(ws, i);
      expect(t.nNodes).toBe(same.nNodes);
      expect(Array.from(t.threshold)).toEqual(Array.from(same.threshold));
      expect(Array.from(t.value)).toEqual(Array.from(same.value));
    });
  });
});
