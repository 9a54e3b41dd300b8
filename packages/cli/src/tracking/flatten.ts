import type { PipelineConfig } from '@custseg/ml';

/**
 * A pipeline config as MLflow params: one key per hyper-parameter, addressed the way `custseg search` addresses
 * them (`estimator.C`, `estimator.estimator.nEstimators`, `steps.2.dropLastBinary`), plus each component's type.
 * Values are strings (MLflow params are); non-strings are JSON.
 */
export function flattenConfig(config: PipelineConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const component = (prefix: string, c: { type: string; params: Record<string, unknown> }): void => {
    out[`${prefix}.type`] = c.type;
    for (const [k, v] of Object.entries(c.params ?? {})) {
      if (isComponent(v)) component(`${prefix}.${k}`, v);
      else out[`${prefix}.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  };
  config.steps.forEach((s, i) => component(`steps.${i}`, s));
  component('estimator', config.estimator);
  return out;
}

function isComponent(v: unknown): v is { type: string; params: Record<string, unknown> } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { params?: unknown }).params === 'object';
}
