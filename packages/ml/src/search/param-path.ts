import { UserError } from '../core/errors.js';
import { classifierFromJSON, transformerFromJSON } from '../core/registry.js';
import type { ComponentJSON } from '../core/types.js';
import type { PipelineConfig } from '../pipeline/config.js';
import { clonePlainData } from './plain-data.js';

/**
 * Hyper-parameter keys address a PipelineConfig the way sklearn's `model__C` addresses a Pipeline:
 *   `estimator.C`                      config.estimator.params.C
 *   `estimator.estimator.C`            a meta-estimator's inner estimator (OneVsRestClassifier)
 *   `steps.3.topCategories`            config.steps[3] (0-based, as the array in the config)
 *   `steps.OneHotEncoder.topCategories` the one step of that type
 *   `estimator`, `steps.2`             the whole component, replaced by a {type, params} value
 */

type ComponentConfig = Pick<ComponentJSON, 'type' | 'params'>;
type Kind = 'classifier' | 'transformer';

interface Located {
  readonly component: ComponentConfig;
  readonly kind: Kind;
  /** Human name of the component for messages, e.g. `steps.2 (OneHotEncoder)`. */
  readonly where: string;
  /** Segments left after the component was found. */
  readonly rest: readonly string[];
  /** Rebuilds the config with this component replaced. */
  readonly replace: (c: ComponentConfig) => PipelineConfig;
}

/** The value at `key` in `config`, defaults included (as sklearn's get_params), as a fresh copy. */
export function getConfigParam(config: PipelineConfig, key: string): unknown {
  const loc = locate(config, key);
  return clonePlainData(getIn(loc.component, loc.kind, loc.rest, key, loc.where), `parameter key "${key}"`);
}

/** A new config with `key` set to `value` (deep-copied); `config` itself is left untouched. */
export function setConfigParam(config: PipelineConfig, key: string, value: unknown): PipelineConfig {
  const loc = locate(config, key);
  return loc.replace(setIn(loc.component, loc.kind, loc.rest, value, key, loc.where));
}

/**
 * Applies several keys at once. Shallower keys go first, as sklearn's set_params replaces a component before
 * setting its nested parameters, so `{estimator: {...}, 'estimator.C': 10}` sets C on the new estimator.
 */
export function setConfigParams(config: PipelineConfig, params: Readonly<Record<string, unknown>>): PipelineConfig {
  const keys = Object.keys(params);
  const depth = (k: string): number => k.split('.').length;
  const order = keys.map((k, i) => ({ k, i })).sort((a, b) => depth(a.k) - depth(b.k) || a.i - b.i);
  let out = config;
  for (const { k } of order) out = setConfigParam(out, k, params[k]);
  return out;
}

export function isComponentConfig(v: unknown): v is ComponentConfig {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.type === 'string' && (o.params === undefined || (typeof o.params === 'object' && o.params !== null && !Array.isArray(o.params)));
}

function splitKey(key: string): string[] {
  if (typeof key !== 'string' || key === '') throw new UserError(`parameter key must be a non-empty string, got ${JSON.stringify(key)}`);
  const segs = key.split('.');
  if (segs.some((s) => s === '')) throw new UserError(`parameter key "${key}" has an empty segment`);
  return segs;
}

function locate(config: PipelineConfig, key: string): Located {
  const segs = splitKey(key);
  const [head, ...rest] = segs;
  if (head === 'estimator') {
    return {
      component: config.estimator,
      kind: 'classifier',
      where: `estimator (${config.estimator.type})`,
      rest,
      replace: (c) => ({ ...config, estimator: c }),
    };
  }
  if (head !== 'steps') throw new UserError(`parameter key "${key}": must start with "estimator" or "steps"`);
  if (rest.length === 0) throw new UserError(`parameter key "${key}": name a step by index or type, e.g. "steps.0" or "steps.OneHotEncoder"`);
  const [stepSeg, ...stepRest] = rest;
  const steps = config.steps;
  let index: number;
  if (/^\d+$/.test(stepSeg)) {
    index = Number(stepSeg);
    if (index >= steps.length) {
      throw new UserError(
        `parameter key "${key}": there is no step ${index}; the config has ${steps.length} step${steps.length === 1 ? '' : 's'}` +
          (steps.length ? ` (indices 0–${steps.length - 1}: ${describeSteps(steps)})` : ''),
      );
    }
  } else {
    const matches = steps.flatMap((s, i) => (s.type === stepSeg ? [i] : []));
    if (matches.length === 0) {
      throw new UserError(`parameter key "${key}": no step of type "${stepSeg}"; steps are ${steps.length ? describeSteps(steps) : 'none'}`);
    }
    if (matches.length > 1) {
      throw new UserError(
        `parameter key "${key}": ${matches.length} steps are of type "${stepSeg}" (indices ${matches.join(', ')}); address one by index, e.g. "steps.${matches[0]}${stepRest.length ? '.' + stepRest.join('.') : ''}"`,
      );
    }
    index = matches[0];
  }
  return {
    component: steps[index],
    kind: 'transformer',
    where: `steps.${index} (${steps[index].type})`,
    rest: stepRest,
    replace: (c) => ({ ...config, steps: steps.map((s, i) => (i === index ? c : s)) }),
  };
}

function describeSteps(steps: PipelineConfig['steps']): string {
  return steps.map((s, i) => `${i}=${s.type}`).join(', ');
}

/**
 * The component's full parameters: what the config sets plus the class's defaults, read from a freshly built
 * instance's toJSON (sklearn's get_params). An instance that cannot be built (unregistered type, invalid
 * value) yields only the explicit parameters, and the reason, for the error message.
 */
function effectiveParams(c: ComponentConfig, kind: Kind): { params: Record<string, unknown>; reason?: string } {
  const explicit = c.params ?? {};
  try {
    const json = { type: c.type, params: explicit };
    const built = kind === 'classifier' ? classifierFromJSON(json) : transformerFromJSON(json);
    return { params: { ...built.toJSON().params, ...explicit } };
  } catch (e) {
    return { params: { ...explicit }, reason: (e as Error).message };
  }
}

function param(c: ComponentConfig, kind: Kind, name: string, key: string, where: string): unknown {
  const { params, reason } = effectiveParams(c, kind);
  if (!Object.hasOwn(params, name)) {
    const known = Object.keys(params);
    throw new UserError(
      `parameter key "${key}": ${where} has no parameter "${name}"` +
        (known.length ? `; its parameters are ${known.join(', ')}` : '') +
        (reason ? ` (its defaults are unknown: ${reason})` : ''),
    );
  }
  return params[name];
}

/** Inside a meta-estimator the nested components are classifiers; inside a transformer, transformers. */
function getIn(c: ComponentConfig, kind: Kind, segs: readonly string[], key: string, where: string): unknown {
  if (segs.length === 0) return { type: c.type, params: c.params ?? {} };
  const [name, ...rest] = segs;
  const value = param(c, kind, name, key, where);
  if (rest.length === 0) return value;
  const inner = `${where}.${name}`;
  if (!isComponentConfig(value)) throw new UserError(`parameter key "${key}": ${inner} is not a component ({type, params}), so it has no parameter "${rest[0]}"`);
  return getIn(value, kind, rest, key, `${inner} (${value.type})`);
}

function setIn(c: ComponentConfig, kind: Kind, segs: readonly string[], value: unknown, key: string, where: string): ComponentConfig {
  if (segs.length === 0) {
    if (!isComponentConfig(value)) throw new UserError(`parameter key "${key}": ${where} can only be replaced by a {type, params} object`);
    return { type: value.type, params: clonePlainData(value.params ?? {}, `parameter key "${key}"`) as Record<string, unknown> };
  }
  const [name, ...rest] = segs;
  const current = param(c, kind, name, key, where);
  let next: unknown;
  if (rest.length === 0) next = clonePlainData(value, `parameter key "${key}"`);
  else {
    const inner = `${where}.${name}`;
    if (!isComponentConfig(current)) throw new UserError(`parameter key "${key}": ${inner} is not a component ({type, params}), so it has no parameter "${rest[0]}"`);
    next = setIn(current, kind, rest, value, key, `${inner} (${current.type})`);
  }
  // A computed key defines an own property even for "__proto__", so a key never reaches a prototype.
  return { type: c.type, params: { ...(c.params ?? {}), [name]: next } };
}
