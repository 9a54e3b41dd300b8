import { afterAll, beforeAll, describe } from 'vitest';
import type { TrackingStore } from '../types.js';
import { artifactContract } from './contract-artifacts.js';
import { experimentContract } from './contract-experiments.js';
import { registryContract } from './contract-registry.js';
import { runContract } from './contract-runs.js';
import { searchContract, type SearchContractOptions } from './contract-search.js';

export type ContractOptions = SearchContractOptions;

/**
 * The TrackingStore contract: every method, MLflow's error codes, param immutability, metric history, search
 * filters/order/paging, artifacts and path refusals, the registry and model URIs. The same suite runs against the
 * embedded store and the REST client; names are unique per run so a shared server works.
 */
export function describeTrackingStoreContract(name: string, open: () => Promise<TrackingStore>, options: ContractOptions = {}): void {
  describe(`${name} (TrackingStore contract)`, () => {
    let store: TrackingStore | undefined;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });
    const get = (): TrackingStore => {
      if (!store) throw new Error('the store did not open');
      return store;
    };
    experimentContract(get);
    runContract(get);
    searchContract(get, options);
    artifactContract(get);
    registryContract(get);
  });
}
