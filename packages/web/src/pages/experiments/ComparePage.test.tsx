// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { ComparePage } from './ComparePage';
import { fakeRun } from './test-runs';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const RUNS = {
  a: fakeRun('a', 'run-a', { metrics: { accuracy: 0.5, log_loss: 1.1 }, params: { preset: 'best', seed: '42', 'estimator.C': '1' } }),
  b: fakeRun('b', 'run-b', { metrics: { accuracy: 0.5, log_loss: 1.2 }, params: { preset: 'best', seed: '7' } }),
  c: fakeRun('c', 'run-c', { metrics: { accuracy: 0.5, log_loss: 1.3, macro_f1: 0.4 }, params: { preset: 'best', seed: '42' } }),
};

function setup() {
  fakeApi({
    'GET /v1/model': () => modelInfoFixture(),
    'GET /api/2.0/mlflow/runs/get': ({ query }) => {
      const run = RUNS[query.get('run_id') as keyof typeof RUNS];
      return run ? { run } : json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run '${query.get('run_id')}' not found` }, 404);
    },
  });
}

const row = (name: string) => screen.getByRole('rowheader', { name: new RegExp(`^${name.replace('.', '\\.')}( differs)?$`) }).closest('tr')!;

describe('ComparePage', () => {
  it('shows every param and metric of the runs side by side and highlights what differs', async () => {
    setup();
    renderPage(<ComparePage />, { path: '/experiments/1/compare?runs=a,b,c', pattern: '/experiments/:experimentId/compare' });
    expect(await screen.findByRole('heading', { name: 'Compare runs' })).toBeTruthy();
    await screen.findByRole('link', { name: 'run-a' });
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => within(h).queryByRole('link')?.textContent ?? h.textContent)).toEqual(['Field', 'run-a', 'run-b', 'run-c']);

    // the same everywhere: no highlight, no "differs"
    for (const same of ['accuracy', 'preset']) {
      const r = row(same);
      expect(r.textContent).not.toMatch(/differs/);
      expect(r.querySelectorAll('td.diff')).toHaveLength(0);
    }
    // different values, or missing in some runs: highlighted and said so
    for (const [key, values] of [
      ['log_loss', ['1.1', '1.2', '1.3']],
      ['seed', ['42', '7', '42']],
      ['macro_f1', ['—', '—', '0.4']],
      ['estimator.C', ['1', '—', '—']],
    ] as const) {
      const r = row(key);
      expect(within(r).getByRole('rowheader').textContent).toBe(`${key} differs`);
      const cells = [...r.querySelectorAll('td')];
      expect(cells.map((c) => c.textContent)).toEqual(values);
      expect(cells.every((c) => c.classList.contains('diff'))).toBe(true);
    }
    expect(screen.getByText(/4 params and metrics differ/)).toBeTruthy();
  });

  it('charts the chosen metric per run and can hide the rows that do not differ', async () => {
    setup();
    const user = userEvent.setup();
    renderPage(<ComparePage />, { path: '/experiments/1/compare?runs=a,b', pattern: '/experiments/:experimentId/compare' });
    await screen.findByRole('link', { name: 'run-a' });
    // both runs load independently: wait for the chart, which needs them all
    const picker = (await screen.findByLabelText('Metric')) as HTMLSelectElement;
    expect(picker.value).toBe('accuracy');
    expect((await screen.findByRole('figure', { name: 'Bar chart of accuracy per run' })).querySelector('svg')).not.toBeNull();
    await user.selectOptions(picker, 'log_loss');
    const figure = await screen.findByRole('figure', { name: 'Bar chart of log_loss per run' });
    expect(figure.querySelectorAll('rect').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByText('run-a: 1.1 · run-b: 1.2')).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'Only rows that differ' }));
    expect(screen.queryByRole('rowheader', { name: /^accuracy/ })).toBeNull();
    expect(screen.getByRole('rowheader', { name: 'log_loss differs' })).toBeTruthy();
  });

  it('says what went wrong when a run cannot be read, and asks for two runs', async () => {
    setup();
    renderPage(<ComparePage />, { path: '/experiments/1/compare?runs=a,zzz', pattern: '/experiments/:experimentId/compare' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Run 'zzz' not found/);
    cleanup();
    renderPage(<ComparePage />, { path: '/experiments/1/compare?runs=a', pattern: '/experiments/:experimentId/compare' });
    expect(screen.getByText('Pick at least two runs to compare')).toBeTruthy();
  });
});
