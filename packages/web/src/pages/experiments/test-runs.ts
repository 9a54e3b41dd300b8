import type { Run } from '../../api/client';

/** A runs/get-shaped run for the component tests. */
export function fakeRun(
  id: string,
  name: string,
  {
    metrics = {},
    params = {},
    status = 'FINISHED',
    start = Date.UTC(2026, 10, 20, 10, 0, 0),
    seconds = 12,
    experimentId = '1',
  }: { metrics?: Record<string, number>; params?: Record<string, string>; status?: string; start?: number; seconds?: number; experimentId?: string } = {},
): Run {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: name,
      experiment_id: experimentId,
      status,
      start_time: start,
      end_time: start + seconds * 1000,
      artifact_uri: `file:///tmp/mlruns/${experimentId}/${id}/artifacts`,
      lifecycle_stage: 'active',
      user_id: 'tester',
    },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: start })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      tags: [{ key: 'mlflow.source.name', value: 'custseg train' }],
    },
  };
}
