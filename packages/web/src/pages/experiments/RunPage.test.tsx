// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { RunPage } from './RunPage';
import { fakeRun } from './test-runs';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const RUN = fakeRun('r1', 'best-run', { metrics: { accuracy: 0.513, log_loss: 1.084, fit_seconds: 3.5 }, params: { preset: 'best', seed: '42' }, seconds: 95 });
const REPORT = '              precision    recall  f1-score   support\n\n           A      0.450     0.420     0.434       394\n';
const MATRIX = { classes: ['A', 'B', 'C', 'D'], matrix: [[40, 5, 3, 2], [6, 30, 10, 4], [2, 8, 35, 5], [3, 2, 4, 41]] };

function setup({ withJson = true }: { withJson?: boolean } = {}) {
  const root = [
    { path: 'model', is_dir: true },
    { path: 'classification_report.txt', is_dir: false, file_size: 612 },
    { path: 'confusion_matrix.svg', is_dir: false, file_size: 2048 },
    ...(withJson ? [{ path: 'confusion_matrix.json', is_dir: false, file_size: 90 }] : []),
  ];
  const files: Record<string, string> = { 'classification_report.txt': REPORT, 'confusion_matrix.json': JSON.stringify(MATRIX) };
  return fakeApi({
    'GET /v1/model': () => modelInfoFixture(),
    'GET /api/2.0/mlflow/runs/get': ({ query }) =>
      query.get('run_id') === 'r1' ? { run: RUN } : json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run with id=${query.get('run_id')} not found` }, 404),
    'GET /api/2.0/mlflow/experiments/get': () => ({
      experiment: { experiment_id: '1', name: 'customer-segmentation', artifact_location: 'file:///x/1', lifecycle_stage: 'active', creation_time: 1, last_update_time: 1 },
    }),
    'GET /api/2.0/mlflow/artifacts/list': ({ query }) =>
      query.get('path') === 'model'
        ? { root_uri: 'file:///x', files: [{ path: 'model/MLmodel', is_dir: false, file_size: 300 }, { path: 'model/model.json', is_dir: false, file_size: 230_000 }] }
        : { root_uri: 'file:///x', files: root },
    'GET /get-artifact': ({ query }) => {
      const text = files[query.get('path') ?? ''];
      return text === undefined ? json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such artifact' }, 404) : new Response(text, { status: 200, headers: { 'content-type': 'text/plain' } });
    },
  });
}

describe('RunPage', () => {
  it('shows the run, its confusion matrix, classification report and artifacts', async () => {
    setup();
    const user = userEvent.setup();
    renderPage(<RunPage />, { path: '/runs/r1', pattern: '/runs/:runId' });
    expect(await screen.findByRole('heading', { level: 1, name: /best-run/ })).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'customer-segmentation' })).getAttribute('href')).toBe('/experiments?experiment=1');
    expect(screen.getByText('1 min 35 s')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Metrics' }).textContent).toMatch(/accuracy0\.513/);
    expect(screen.getByRole('table', { name: 'Params' }).textContent).toMatch(/presetbest/);

    // the matrix drawn from confusion_matrix.json: one cell per pair of classes, the counts written in them
    const figure = await screen.findByRole('figure', { name: /Confusion matrix/ });
    expect(figure.querySelectorAll('rect').length).toBeGreaterThanOrEqual(16);
    const texts = [...figure.querySelectorAll('text')].map((t) => t.textContent);
    for (const count of ['40', '30', '35', '41', '10']) expect(texts).toContain(count);
    expect(screen.getByText(/200 held-out customers, 146 on the diagonal \(73\.0% correct\)/)).toBeTruthy();
    expect(screen.queryByRole('img', { name: /Confusion matrix/ })).toBeNull();

    expect((await screen.findByLabelText('Classification report, as text')).textContent).toBe(REPORT);

    const download = screen.getByRole('link', { name: 'classification_report.txt' });
    expect(download.getAttribute('href')).toMatch(/\/get-artifact\?run_id=r1&path=classification_report\.txt$/);
    expect(download.hasAttribute('download')).toBe(true);
    const dir = screen.getByRole('button', { name: /model\// });
    expect(dir.getAttribute('aria-expanded')).toBe('false');
    await user.click(dir);
    expect(dir.getAttribute('aria-expanded')).toBe('true');
    expect((await screen.findByRole('link', { name: 'model.json' })).getAttribute('href')).toMatch(/path=model%2Fmodel\.json$/);
  });

  it('falls back to the SVG of an older run without confusion_matrix.json', async () => {
    setup({ withJson: false });
    renderPage(<RunPage />, { path: '/runs/r1', pattern: '/runs/:runId' });
    const img = await screen.findByRole('img', { name: /Confusion matrix/ });
    expect(img.getAttribute('src')).toMatch(/\/get-artifact\?run_id=r1&path=confusion_matrix\.svg$/);
    expect(screen.queryByRole('figure', { name: /Confusion matrix/ })).toBeNull();
  });

  it('says so when the run does not exist', async () => {
    setup();
    renderPage(<RunPage />, { path: '/runs/nope', pattern: '/runs/:runId' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not load run nope/);
    expect(alert.textContent).toMatch(/Run with id=nope not found/);
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
