import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../core/errors.js';
import { classifierFromJSON, transformerFromJSON } from '../core/registry.js';
import type { ComponentJSON } from '../core/types.js';
import { Pipeline } from './pipeline.js';

/** An unfitted pipeline described as data: what `--config file.json` holds and what presets produce. */
export interface PipelineConfig {
  readonly steps: ReadonlyArray<Pick<ComponentJSON, 'type' | 'params'>>;
  readonly estimator: Pick<ComponentJSON, 'type' | 'params'>;
}

/** Builds fresh (unfitted) components from a config; every type and parameter is validated by its class. */
export function pipelineFromConfig(config: PipelineConfig, label = 'config'): Pipeline {
  const steps = config.steps.map((s, i) => {
    try {
      return transformerFromJSON({ type: s.type, params: s.params ?? {} });
    } catch (e) {
      throw new UserError(`${label}: step ${i + 1} (${String(s.type)}): ${(e as Error).message}`);
    }
  });
  let estimator;
  try {
    estimator = classifierFromJSON({ type: config.estimator.type, params: config.estimator.params ?? {} });
  } catch (e) {
    throw new UserError(`${label}: estimator (${String(config.estimator.type)}): ${(e as Error).message}`);
  }
  return new Pipeline(steps, estimator);
}

/** Reads and validates a JSON pipeline config file: `{"steps": [{"type", "params"}...], "estimator": {...}}`. */
export async function readPipelineConfig(path: string): Promise<PipelineConfig> {
  const label = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UserError(`${label}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such config file' : (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${label}: not valid JSON (${(e as Error).message})`);
  }
  return validateConfig(raw, label);
}

export function validateConfig(raw: unknown, label = 'config'): PipelineConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${label}: expected an object with "steps" and "estimator"`);
  const o = raw as Record<string, unknown>;
  if (!Array.isArray(o.steps)) throw new UserError(`${label}: "steps" must be an array of {"type", "params"}`);
  const component = (x: unknown, where: string): Pick<ComponentJSON, 'type' | 'params'> => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new UserError(`${label}: ${where} must be an object with "type" and "params"`);
    const c = x as Record<string, unknown>;
    if (typeof c.type !== 'string') throw new UserError(`${label}: ${where} needs a string "type"`);
    if (c.params !== undefined && (typeof c.params !== 'object' || c.params === null || Array.isArray(c.params))) {
      throw new UserError(`${label}: ${where} "params" must be an object`);
    }
    return { type: c.type, params: (c.params as Record<string, unknown>) ?? {} };
  };
  const config: PipelineConfig = {
    steps: o.steps.map((s, i) => component(s, `step ${i + 1}`)),
    estimator: component(o.estimator, 'estimator'),
  };
  pipelineFromConfig(config, label); // fail now, with the file's name, rather than after reading the data
  return config;
}
