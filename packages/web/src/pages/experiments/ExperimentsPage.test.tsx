// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServedModelProvider } from '../../model/ServedModelContext';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { ExperimentsPage } from './ExperimentsPage';
import { fakeRun } from './test-runs';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const EXPERIMENTS = [
  { experiment_id: '0', name: 'Default', artifact_location: 'file:///x/0', lifecycle_stage: 'active', creation_time: 1, last_update_time: 1 },
  { experiment_id: '1', name: 'customer-segmentation', artifact_location: 'file:///x/1', lifecycle_stage: 'active', creation_time: 2, last_update_time: 5 },
  { experiment_id: '2', name: 'churn', artifact_location: 'file:///x/2', lifecycle_stage: 'active', creation_time: 3, last_update_time: 9 },
];

const RUNS = [
  fakeRun('r-best', 'best-run', { metrics: { accuracy: 0.53, log_loss: 1.05, fit_seconds: 4 }, params: { preset: 'best', seed: '42' }, start: Date.UTC(2026, 10, 20, 12) }),
  fakeRun('r-logistic', 'logistic-run', { metrics: { accuracy: 0.47, log_loss: 1.2, fit_seconds: 1 }, params: { preset: 'logistic', seed: '7' }, start: Date.UTC(2026, 10, 20, 11) }),
  fakeRun('r-forest', 'forest-run', { metrics: { accuracy: 0.49, log_loss: 1.1 }, params: { preset: 'random-forest', seed: '42' }, status: 'FAILED', start: Date.UTC(2026, 10, 20, 10) }),
];

let searchBodies: unknown[] = [];

function setup({ failFilter = false, pageSize = 1000 } = {}) {
  searchBodies = [];
  return fakeApi({
    'GET /v1/model': () => modelInfoFixture(),
    'GET /api/2.0/mlflow/experiments/search': () => ({ experiments: EXPERIMENTS }),
    'POST /api/2.0/mlflow/runs/search': ({ body }) => {
      searchBodies.push(body);
      const b = body as { experiment_ids: string[]; max_results: number; filter?: string; page_token?: string };
      // the newest run across all experiments picks the default experiment: customer-segmentation, not the
      // more recently updated "churn", which has no runs
      if (b.experiment_ids.length > 1) return { runs: [RUNS[0]] };
      if (b.filter && failFilter) return json({ error_code: 'INVALID_PARAMETER_VALUE', message: "Invalid filter 'metrics.accuracy >>': unexpected '>'" }, 400);
      const runs = b.experiment_ids[0] === '1' ? RUNS : [];
      const offset = b.page_token ? Number(b.page_token) : 0;
      const size = Math.min(pageSize, b.max_results);
      const page = runs.slice(offset, offset + size);
      return offset + size < runs.length ? { runs: page, next_page_token: String(offset + size) } : { runs: page };
    },
  });
}

function Where() {
  const l = useLocation();
  return <p data-testid="location">{l.pathname + l.search}</p>;
}

function renderExperiments(path = '/experiments') {
  return render(
    <ServedModelProvider pollMs={0}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/experiments" element={<ExperimentsPage />} />
          <Route path="/experiments/:experimentId/compare" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </ServedModelProvider>,
  );
}

/** The run names in the table, top to bottom. */
function runOrder(): string[] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByRole('link').textContent ?? '');
}

describe('ExperimentsPage', () => {
  it('opens the most recently updated experiment that has runs and lists its runs (every page)', async () => {
    setup({ pageSize: 2 });
    renderExperiments();
    expect(await screen.findByRole('link', { name: 'best-run' })).toHaveProperty('href', expect.stringMatching(/\/runs\/r-best$/));
    expect((screen.getByLabelText('Experiment') as HTMLSelectElement).value).toBe('1');
    expect(runOrder()).toEqual(['best-run', 'logistic-run', 'forest-run']);
    const table = screen.getByRole('table');
    for (const header of ['Run', 'Status', 'Started', 'Duration', 'accuracy', 'log_loss', 'fit_seconds', 'preset', 'seed']) {
      expect(within(table).getByRole('columnheader', { name: new RegExp(`^${header}`) })).toBeTruthy();
    }
    expect(within(table).queryByRole('columnheader', { name: /macro_f1/ })).toBeNull();
    expect(within(table).getByText('FAILED')).toBeTruthy();
    expect(within(table).getByText('0.53')).toBeTruthy();
    expect(searchBodies).toHaveLength(1 + 2); // the default pick, then two pages of runs
    expect(searchBodies[2]).toMatchObject({ experiment_ids: ['1'], page_token: '2' });
  });

  it('sorts by a metric column, both ways', async () => {
    setup();
    const user = userEvent.setup();
    renderExperiments('/experiments?experiment=1');
    await screen.findByRole('link', { name: 'best-run' });
    await user.click(screen.getByRole('button', { name: 'log_loss' }));
    expect(runOrder()).toEqual(['logistic-run', 'forest-run', 'best-run']); // numbers sort descending first
    expect(screen.getByRole('columnheader', { name: /log_loss/ }).getAttribute('aria-sort')).toBe('descending');
    await user.click(screen.getByRole('button', { name: /log_loss/ }));
    expect(runOrder()).toEqual(['best-run', 'forest-run', 'logistic-run']);
    await user.click(screen.getByRole('button', { name: 'accuracy' }));
    expect(runOrder()).toEqual(['best-run', 'forest-run', 'logistic-run']);
  });

  it('filters runs on the client by name, param and status', async () => {
    setup();
    const user = userEvent.setup();
    renderExperiments('/experiments?experiment=1');
    await screen.findByRole('link', { name: 'best-run' });
    const box = screen.getByLabelText('Filter runs');
    await user.type(box, 'logistic');
    expect(runOrder()).toEqual(['logistic-run']);
    await user.clear(box);
    await user.type(box, 'seed=42');
    expect(runOrder()).toEqual(['best-run', 'forest-run']);
    await user.clear(box);
    await user.type(box, 'failed');
    expect(runOrder()).toEqual(['forest-run']);
    await user.clear(box);
    await user.type(box, 'nothing-like-this');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No run matches the filter')).toBeTruthy();
  });

  it('sends the MLflow filter to the server and shows its error inline', async () => {
    setup({ failFilter: true });
    const user = userEvent.setup();
    renderExperiments('/experiments?experiment=1');
    await screen.findByRole('link', { name: 'best-run' });
    await user.type(screen.getByLabelText('MLflow filter'), 'metrics.accuracy >>');
    await user.click(screen.getByRole('button', { name: 'Apply filter' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Invalid filter 'metrics.accuracy >>'/);
    expect(screen.getByLabelText('MLflow filter').getAttribute('aria-invalid')).toBe('true');
    expect(searchBodies.at(-1)).toMatchObject({ experiment_ids: ['1'], filter: 'metrics.accuracy >>' });
  });

  it('enables Compare after two runs are selected and navigates to the comparison', async () => {
    setup();
    const user = userEvent.setup();
    renderExperiments('/experiments?experiment=1');
    await screen.findByRole('link', { name: 'best-run' });
    const compare = screen.getByRole('button', { name: 'Compare' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: 'Select run best-run' }));
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: 'Select run forest-run' }));
    expect((compare as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByText('2 selected')).toBeTruthy();
    await user.click(compare);
    expect(screen.getByTestId('location').textContent).toBe('/experiments/1/compare?runs=r-best,r-forest');
  });

  it('lets the user choose the metric and param columns', async () => {
    setup();
    const user = userEvent.setup();
    renderExperiments('/experiments?experiment=1');
    await screen.findByRole('link', { name: 'best-run' });
    await user.click(screen.getByText('Columns'));
    await user.click(screen.getByRole('checkbox', { name: /^fit_seconds/ }));
    expect(screen.queryByRole('columnheader', { name: /fit_seconds/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: /^fit_seconds/ }));
    expect(screen.getByRole('columnheader', { name: /fit_seconds/ })).toBeTruthy();
  });

  it('shows the empty and error states', async () => {
    fakeApi({ 'GET /v1/model': () => modelInfoFixture(), 'GET /api/2.0/mlflow/experiments/search': () => ({}) });
    renderExperiments();
    expect(await screen.findByText('No experiments yet')).toBeTruthy();
    cleanup();
    fakeApi({ 'GET /v1/model': () => modelInfoFixture(), 'GET /api/2.0/mlflow/experiments/search': () => json({ error_code: 'INTERNAL_ERROR', message: 'database is locked' }, 500) });
    renderExperiments();
    expect((await screen.findByRole('alert')).textContent).toMatch(/database is locked/);
  });
});
