import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset, parseCsvText, serializeModel, synthCsvChunks, trainModel, type ModelDocument } from '@custseg/ml';
import type { ModelVersion } from '@custseg/tracking';
import { buildServingApp, type ServingAppOptions } from '../app.js';
import { FileModelSource } from '../model/file-source.js';
import type { AliasStore } from '../model/registry-source.js';

const cache = new Map<string, ModelDocument>();

/** A model trained in-process on synthetic customers (cached per seed and preset: training takes a second). */
export function trainTestModel(seed = 1, preset = 'logistic', rows = 2000): ModelDocument {
  const key = `${seed}:${preset}:${rows}`;
  let doc = cache.get(key);
  if (!doc) {
    const dataset = parseCsvText([...synthCsvChunks({ rows, seed })].join(''), { requireTarget: true });
    doc = trainModel({ dataset, dataFile: 'synth.csv', config: getPreset(preset).build(dataset.schema, seed), preset, seed, testSize: 0.2 }).model;
    cache.set(key, doc);
  }
  return doc;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'custseg-serving-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeModel(path: string, doc: ModelDocument): Promise<string> {
  await writeFile(path, serializeModel(doc));
  return path;
}

/** An app serving a freshly written model file, quiet, without hot reload unless asked. */
export async function testApp(
  options: Partial<ServingAppOptions> & { doc?: ModelDocument } = {},
): Promise<{ app: Awaited<ReturnType<typeof buildServingApp>>; path: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir();
  const path = await writeModel(join(dir, 'model.json'), options.doc ?? trainTestModel());
  const app = await buildServingApp({ source: new FileModelSource(path), logger: false, pollIntervalMs: 0, ...options });
  return {
    app,
    path,
    cleanup: async () => {
      await app.close();
      await cleanup();
    },
  };
}

/** A valid customer, as the reference front-end sends one. */
export const CUSTOMER = {
  ID: 458989,
  Gender: 'Female',
  Ever_Married: 'Yes',
  Age: 36,
  Graduated: 'Yes',
  Profession: 'Engineer',
  Work_Experience: 0,
  Spending_Score: 'Low',
  Family_Size: 1,
  Var_1: 'Cat_6',
} as const;

/**
 * The two registry calls the alias source makes, in memory: versions point at model files, and `setAlias`
 * moves the alias (what `custseg registry alias` would do).
 */
export class FakeAliasStore implements AliasStore {
  readonly versions = new Map<string, string>();
  alias: string | null = null;
  aliasLookups = 0;

  constructor(readonly name = 'customer-segmentation') {}

  addVersion(version: string, path: string): void {
    this.versions.set(version, path);
  }

  setAlias(version: string): void {
    this.alias = version;
  }

  async getModelVersionByAlias(req: { name: string; alias: string }): Promise<{ model_version: ModelVersion }> {
    this.aliasLookups++;
    if (req.name !== this.name || this.alias === null) throw Object.assign(new Error(`alias ${req.alias} not found`), { error_code: 'RESOURCE_DOES_NOT_EXIST' });
    return { model_version: this.mv(this.alias) };
  }

  async getModelVersion(req: { name: string; version: string }): Promise<{ model_version: ModelVersion }> {
    if (!this.versions.has(req.version)) throw new Error(`no version ${req.version}`);
    return { model_version: this.mv(req.version) };
  }

  private mv(version: string): ModelVersion {
    return {
      name: this.name,
      version,
      creation_timestamp: 0,
      last_updated_timestamp: 0,
      user_id: 'test',
      current_stage: 'None',
      description: '',
      source: this.versions.get(version)!,
      run_id: `run-${version}`,
      status: 'READY',
      status_message: '',
      tags: [],
      run_link: '',
      aliases: this.alias === version ? ['champion'] : [],
    };
  }
}
