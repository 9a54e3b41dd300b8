import { invalidParam } from '../errors.js';
import { likeToGlob } from './filter.js';
import type { EntitySpec } from './sql.js';

export const RUN_SPEC: EntitySpec = {
  what: 'runs',
  alias: 'r',
  attributes: {
    run_id: { column: 'run_uuid', kind: 'string' },
    run_name: { column: 'name', kind: 'string' },
    status: { column: 'status', kind: 'string' },
    user_id: { column: 'user_id', kind: 'string' },
    artifact_uri: { column: 'artifact_uri', kind: 'string' },
    start_time: { column: 'start_time', kind: 'number' },
    created: { column: 'start_time', kind: 'number' },
    end_time: { column: 'end_time', kind: 'number', nullable: true },
  },
  sides: {
    metric: { table: 'latest_metrics', join: 'x.run_uuid = r.run_uuid', kind: 'number' },
    param: { table: 'params', join: 'x.run_uuid = r.run_uuid', kind: 'string' },
    tag: { table: 'tags', join: 'x.run_uuid = r.run_uuid', kind: 'string' },
  },
  extra(c, params) {
    if (c.type !== 'dataset') return undefined;
    if (c.key !== 'name' && c.key !== 'digest') throw invalidParam(`Invalid dataset key '${c.key}' in the runs filter: expected name or digest`);
    if (typeof c.value !== 'string' && !Array.isArray(c.value)) throw invalidParam(`Expected a quoted string for datasets.${c.key}`);
    let cond: string;
    if (c.comparator === '=' || c.comparator === '!=') {
      cond = `d.${c.key} ${c.comparator} ?`;
      params.push(c.value);
    } else if (c.comparator === 'LIKE' || c.comparator === 'ILIKE') {
      cond = c.comparator === 'LIKE' ? `d.${c.key} GLOB ?` : `lower(d.${c.key}) GLOB ?`;
      params.push(likeToGlob(c.comparator === 'LIKE' ? (c.value as string) : (c.value as string).toLowerCase()));
    } else if (c.comparator === 'IN' || c.comparator === 'NOT IN') {
      const list = c.value as string[];
      cond = `d.${c.key} ${c.comparator} (${list.map(() => '?').join(', ')})`;
      params.push(...list);
    } else {
      throw invalidParam(`Invalid comparator '${c.comparator}' for datasets.${c.key}`);
    }
    return `EXISTS (SELECT 1 FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid WHERE i.run_uuid = r.run_uuid AND ${cond})`;
  },
};

export const EXPERIMENT_SPEC: EntitySpec = {
  what: 'experiments',
  alias: 'e',
  attributes: {
    name: { column: 'name', kind: 'string' },
    experiment_id: { column: 'experiment_id', kind: 'number', coerce: toInteger('experiment_id') },
    creation_time: { column: 'creation_time', kind: 'number' },
    last_update_time: { column: 'last_update_time', kind: 'number' },
  },
  sides: { tag: { table: 'experiment_tags', join: 'x.experiment_id = e.experiment_id', kind: 'string' } },
};

export const REGISTERED_MODEL_SPEC: EntitySpec = {
  what: 'registered models',
  alias: 'm',
  attributes: {
    name: { column: 'name', kind: 'string' },
    creation_timestamp: { column: 'creation_time', kind: 'number' },
    last_updated_timestamp: { column: 'last_updated_time', kind: 'number' },
    timestamp: { column: 'last_updated_time', kind: 'number' },
  },
  sides: { tag: { table: 'registered_model_tags', join: 'x.name = m.name', kind: 'string' } },
};

export const MODEL_VERSION_SPEC: EntitySpec = {
  what: 'model versions',
  alias: 'v',
  attributes: {
    name: { column: 'name', kind: 'string' },
    run_id: { column: 'run_id', kind: 'string' },
    source_path: { column: 'source', kind: 'string' },
    source: { column: 'source', kind: 'string' },
    version_number: { column: 'version', kind: 'number', coerce: toInteger('version_number') },
    current_stage: { column: 'current_stage', kind: 'string' },
    creation_timestamp: { column: 'creation_time', kind: 'number' },
    last_updated_timestamp: { column: 'last_updated_time', kind: 'number' },
    timestamp: { column: 'last_updated_time', kind: 'number' },
  },
  sides: { tag: { table: 'model_version_tags', join: 'x.name = v.name AND x.version = v.version', kind: 'string' } },
};

function toInteger(what: string): (v: string | number) => number {
  return (v) => {
    const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw invalidParam(`Expected an integer for ${what}, got '${String(v)}'`);
    return n;
  };
}
