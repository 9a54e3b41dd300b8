import type { ViewType } from '../types.js';

/** The view type as a condition on `alias.lifecycle_stage`, written so the (…, lifecycle_stage, …) indexes apply. */
export function lifecycleCondition(alias: string, view: ViewType): string {
  if (view === 'ACTIVE_ONLY') return `${alias}.lifecycle_stage = 'active'`;
  if (view === 'DELETED_ONLY') return `${alias}.lifecycle_stage = 'deleted'`;
  return `${alias}.lifecycle_stage IN ('active', 'deleted')`;
}
