/**
 * Parameters of the synthetic-customer generator, fitted from train.csv by scripts/reference/synth_params.py
 * and shipped as packages/ml/data/synth-params.json (figures only, never rows).
 *
 * Layout (keys sorted; arrays of numbers on one line):
 *
 *   {
 *     "format": "custseg-synth-params", "version": 1,
 *     "header": ["ID", "Gender", ..., "Segmentation"],   // CSV header, in output order
 *     "id": "ID",                                        // generated, not modelled: 100000 + offset + row
 *     "target": "Segmentation",                          // first node; its value indexes the missing rates
 *     "source": { "file", "rows", "script", "pandas" },  // provenance, informative only
 *     "nodes": [ ... ],                                  // a Bayesian network, in sampling order
 *     "missing": { "<column>": [rate per segment] }      // chance a value is blanked; absent column = never
 *   }
 *
 * Each node is sampled once per row, after its parents (which must be earlier categorical nodes):
 *
 *   categorical: { "kind": "categorical", "name", "parents": [names], "categories": [strings],
 *                  "probs": [[p per category] per parent combination] }
 *       Row index of a parent combination = mixed radix over the parents' category indices, last parent
 *       fastest. Rows sum to 1 up to the 6-significant-digit rounding (the sampler renormalises).
 *   quantile:    { "kind": "quantile", "name", "parents", "integer": bool, "levels": [0, ..., 1],
 *                  "quantiles": [[value per level] per parent combination] }
 *       Sampled by inverse-CDF linear interpolation between the quantiles; with "integer" the draw is
 *       rounded and kept inside [ceil(first), floor(last)] of its row.
 *
 * Nodes not named in the header (e.g. "AgeBand") are latent: they shape their children but are not written.
 * The integer-valued columns Work_Experience and Family_Size are categorical nodes whose categories are the
 * integers as strings, so their spiky real distributions are reproduced exactly instead of interpolated.
 */
import { readFileSync } from 'node:fs';
import { ModelFormatError } from '../core/errors.js';

export const SYNTH_PARAMS_FORMAT = 'custseg-synth-params';
export const SYNTH_PARAMS_VERSION = 1;

export interface CategoricalNode {
  readonly kind: 'categorical';
  readonly name: string;
  readonly parents: readonly string[];
  readonly categories: readonly string[];
  readonly probs: readonly (readonly number[])[];
}

export interface QuantileNode {
  readonly kind: 'quantile';
  readonly name: string;
  readonly parents: readonly string[];
  readonly integer: boolean;
  readonly levels: readonly number[];
  readonly quantiles: readonly (readonly number[])[];
}

export type SynthNode = CategoricalNode | QuantileNode;

export interface SynthParams {
  readonly format: typeof SYNTH_PARAMS_FORMAT;
  readonly version: typeof SYNTH_PARAMS_VERSION;
  readonly header: readonly string[];
  readonly id: string;
  readonly target: string;
  readonly source?: Readonly<Record<string, unknown>>;
  readonly nodes: readonly SynthNode[];
  readonly missing: Readonly<Record<string, readonly number[]>>;
}

/** Rounding to 6 significant digits leaves row sums a few 1e-6 off; anything worse is a broken file. */
const SUM_TOLERANCE = 1e-4;

let cached: SynthParams | undefined;

/**
 * The built-in parameters. Read and validated once per process; the returned object is shared, so treat it
 * as read-only.
 */
export function loadSynthParams(): SynthParams {
  if (cached) return cached;
  const url = new URL('../../data/synth-params.json', import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (err) {
    throw new ModelFormatError(`cannot read synthetic-data parameters ${url.pathname}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelFormatError(`synthetic-data parameters ${url.pathname} are not valid JSON: ${(err as Error).message}`);
  }
  cached = parseSynthParams(json);
  return cached;
}

/** Checks the shape and contents of a parameters document; throws ModelFormatError naming the first problem. */
export function parseSynthParams(json: unknown): SynthParams {
  const doc = asObject(json, 'synth params');
  if (doc.format !== SYNTH_PARAMS_FORMAT) fail(`format must be "${SYNTH_PARAMS_FORMAT}", got ${show(doc.format)}`);
  if (doc.version !== SYNTH_PARAMS_VERSION) fail(`unsupported version ${show(doc.version)} (expected ${SYNTH_PARAMS_VERSION})`);
  const header = stringArray(doc.header, 'header');
  if (header.length === 0) fail('header is empty');
  if (new Set(header).size !== header.length) fail('header has duplicate column names');
  const id = asString(doc.id, 'id');
  const target = asString(doc.target, 'target');
  if (!header.includes(id)) fail(`id column "${id}" is not in the header`);
  if (!header.includes(target)) fail(`target column "${target}" is not in the header`);
  if (id === target) fail('id and target must be different columns');
  if (doc.source !== undefined) asObject(doc.source, 'source');

  if (!Array.isArray(doc.nodes) || doc.nodes.length === 0) fail('nodes must be a non-empty array');
  const nodes: SynthNode[] = [];
  const cardinality = new Map<string, number>();
  const seen = new Set<string>();
  (doc.nodes as unknown[]).forEach((raw, i) => {
    const node = parseNode(raw, `nodes[${i}]`, cardinality);
    if (seen.has(node.name)) fail(`nodes[${i}]: duplicate node "${node.name}"`);
    seen.add(node.name);
    if (node.kind === 'categorical') cardinality.set(node.name, node.categories.length);
    nodes.push(node);
  });
  const first = nodes[0];
  if (first.name !== target || first.kind !== 'categorical' || first.parents.length !== 0) {
    fail(`the first node must be the target "${target}" (categorical, no parents)`);
  }
  for (const col of header) {
    if (col !== id && !seen.has(col)) fail(`header column "${col}" has no node`);
  }
  if (seen.has(id)) fail(`the id column "${id}" cannot be a node`);
  const nSegments = (first as CategoricalNode).categories.length;

  const missingRaw = asObject(doc.missing, 'missing');
  const missing: Record<string, number[]> = {};
  for (const key of Object.keys(missingRaw)) {
    if (!header.includes(key) || key === id || key === target) fail(`missing: "${key}" is not a feature column of the header`);
    const rates = numberArray(missingRaw[key], `missing.${key}`);
    if (rates.length !== nSegments) fail(`missing.${key} must have one rate per segment (${nSegments}), got ${rates.length}`);
    for (const r of rates) if (!(r >= 0 && r < 1)) fail(`missing.${key}: rate ${r} is outside [0, 1)`);
    missing[key] = rates;
  }

  return {
    format: SYNTH_PARAMS_FORMAT,
    version: SYNTH_PARAMS_VERSION,
    header,
    id,
    target,
    ...(doc.source !== undefined ? { source: doc.source as Record<string, unknown> } : {}),
    nodes,
    missing,
  };
}

function parseNode(raw: unknown, where: string, cardinality: ReadonlyMap<string, number>): SynthNode {
  const o = asObject(raw, where);
  const name = asString(o.name, `${where}.name`);
  const at = `${where} ("${name}")`;
  const parents = stringArray(o.parents, `${at}.parents`);
  let rows = 1;
  for (const p of parents) {
    const k = cardinality.get(p);
    if (k === undefined) fail(`${at}: parent "${p}" must be an earlier categorical node`);
    rows *= k;
  }
  if (new Set(parents).size !== parents.length) fail(`${at}: duplicate parents`);
  if (o.kind === 'categorical') {
    const categories = stringArray(o.categories, `${at}.categories`);
    if (categories.length === 0) fail(`${at}: no categories`);
    if (new Set(categories).size !== categories.length) fail(`${at}: duplicate categories`);
    const probs = matrix(o.probs, `${at}.probs`, rows, categories.length);
    probs.forEach((row, r) => {
      let sum = 0;
      for (const p of row) {
        if (!(p >= 0)) fail(`${at}.probs[${r}]: negative or non-numeric probability ${p}`);
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) fail(`${at}.probs[${r}] sums to ${sum}, not 1`);
    });
    return { kind: 'categorical', name, parents, categories, probs };
  }
  if (o.kind === 'quantile') {
    if (typeof o.integer !== 'boolean') fail(`${at}.integer must be a boolean`);
    const levels = numberArray(o.levels, `${at}.levels`);
    if (levels.length < 2 || levels[0] !== 0 || levels[levels.length - 1] !== 1) fail(`${at}.levels must run from 0 to 1`);
    for (let i = 1; i < levels.length; i++) if (!(levels[i] > levels[i - 1])) fail(`${at}.levels must increase strictly`);
    const quantiles = matrix(o.quantiles, `${at}.quantiles`, rows, levels.length);
    quantiles.forEach((row, r) => {
      for (let i = 1; i < row.length; i++) if (!(row[i] >= row[i - 1])) fail(`${at}.quantiles[${r}] must not decrease`);
      if (o.integer && Math.ceil(row[0]) > Math.floor(row[row.length - 1])) {
        fail(`${at}.quantiles[${r}] spans no integer`);
      }
    });
    return { kind: 'quantile', name, parents, integer: o.integer as boolean, levels, quantiles };
  }
  return fail(`${at}.kind must be "categorical" or "quantile", got ${show(o.kind)}`);
}

function matrix(v: unknown, where: string, rows: number, cols: number): number[][] {
  if (!Array.isArray(v)) fail(`${where} must be an array`);
  const arr = v as unknown[];
  if (arr.length !== rows) fail(`${where} must have ${rows} rows (one per parent combination), got ${arr.length}`);
  return arr.map((row, r) => {
    const nums = numberArray(row, `${where}[${r}]`);
    if (nums.length !== cols) fail(`${where}[${r}] must have ${cols} values, got ${nums.length}`);
    return nums;
  });
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object`);
  return v as Record<string, unknown>;
}

function asString(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(`${where} must be a non-empty string`);
  return v as string;
}

function stringArray(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(`${where} must be an array of strings`);
  return [...(v as string[])];
}

function numberArray(v: unknown, where: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(`${where} must be an array of finite numbers`);
  }
  return [...(v as number[])];
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function fail(message: string): never {
  throw new ModelFormatError(`invalid synth params: ${message}`);
}
