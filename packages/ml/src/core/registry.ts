import { ModelFormatError } from './errors.js';
import type { Classifier, ComponentJSON, Transformer } from './types.js';

/**
 * The closed set of component types a model document may name. Loading looks the `type` up here and calls
 * that class's own `fromJSON`, which validates plain data: a model file can never make us run its code.
 * Each area registers its classes in its index module (preprocessing/index.ts, linear/index.ts, ...).
 */
type Decoder<T> = (json: ComponentJSON) => T;

const transformers = new Map<string, Decoder<Transformer>>();
const classifiers = new Map<string, Decoder<Classifier>>();

export function registerTransformer(type: string, decode: Decoder<Transformer>): void {
  transformers.set(type, decode);
}

export function registerClassifier(type: string, decode: Decoder<Classifier>): void {
  classifiers.set(type, decode);
}

export function transformerFromJSON(json: unknown): Transformer {
  const c = asComponent(json, 'transformer');
  const decode = transformers.get(c.type);
  if (!decode) throw new ModelFormatError(`unknown transformer type "${c.type}"; known: ${[...transformers.keys()].join(', ')}`);
  return decode(c);
}

export function classifierFromJSON(json: unknown): Classifier {
  const c = asComponent(json, 'classifier');
  const decode = classifiers.get(c.type);
  if (!decode) throw new ModelFormatError(`unknown classifier type "${c.type}"; known: ${[...classifiers.keys()].join(', ')}`);
  return decode(c);
}

/** A fresh, unfitted copy with the same hyper-parameters (sklearn's `clone`) and execution settings. */
export function cloneClassifier(c: Classifier): Classifier {
  const { type, params } = c.toJSON();
  return classifierFromJSON({ type, params: c.executionParams === undefined ? params : { ...params, ...c.executionParams } });
}

export function cloneTransformer(t: Transformer): Transformer {
  const { type, params } = t.toJSON();
  return transformerFromJSON({ type, params });
}

export function asComponent(json: unknown, what: string): ComponentJSON {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(`${what}: expected an object with "type" and "params"`);
  }
  const o = json as Record<string, unknown>;
  if (typeof o.type !== 'string') throw new ModelFormatError(`${what}: "type" must be a string`);
  if (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params)) {
    throw new ModelFormatError(`${what} ${o.type}: "params" must be an object`);
  }
  if (o.state !== undefined && (typeof o.state !== 'object' || o.state === null || Array.isArray(o.state))) {
    throw new ModelFormatError(`${what} ${o.type}: "state" must be an object when present`);
  }
  return o as unknown as ComponentJSON;
}
