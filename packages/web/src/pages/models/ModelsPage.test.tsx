// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getToken, setToken } from '../../api/client';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { fakeRun } from '../experiments/test-runs';
import { ModelsPage } from './ModelsPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const NAME = 'customer-segmentation';
const HISTORY = 'custseg.alias_history.champion';
const RUNS = {
  r1: fakeRun('r1', 'logistic-run', { metrics: { accuracy: 0.47, log_loss: 1.2 } }),
  r2: fakeRun('r2', 'best-run', { metrics: { accuracy: 0.513, log_loss: 1.084, cv_mean_accuracy: 0.534 } }),
  r3: fakeRun('r3', 'forest-run', { metrics: { accuracy: 0.49, log_loss: 1.1 } }),
};

interface Registry {
  champion: string;
  history: string[];
  served: string;
}

/** A registry of three versions, version 2 champion (version 1 before it), and what the page sent to it. */
function setup({ token, reloadStatus = 200, models = true }: { token?: string; reloadStatus?: number; models?: boolean } = {}) {
  const reg: Registry = { champion: '2', history: ['1'], served: '2' };
  const sent = { alias: [] as { body: unknown; auth: string | null }[], tags: [] as unknown[], reloads: 0 };
  const authorized = (h: Headers) => token === undefined || h.get('authorization') === `Bearer ${token}`;
  const version = (v: string) => ({
    name: NAME,
    version: v,
    creation_timestamp: Date.UTC(2026, 10, Number(v)),
    last_updated_timestamp: Date.UTC(2026, 10, Number(v)),
    current_stage: 'None',
    source: `runs:/r${v}/model`,
    run_id: `r${v}`,
    status: 'READY',
    aliases: reg.champion === v ? ['champion'] : [],
  });
  fakeApi({
    'GET /v1/model': () => ({ ...modelInfoFixture(reg.served), run_id: `r${reg.served}` }),
    'GET /api/2.0/mlflow/registered-models/search': () =>
      models
        ? {
            registered_models: [
              {
                name: NAME,
                creation_timestamp: 1,
                last_updated_timestamp: 2,
                aliases: [{ alias: 'champion', version: reg.champion }],
                tags: [{ key: HISTORY, value: JSON.stringify(reg.history) }],
              },
            ],
          }
        : {},
    'GET /api/2.0/mlflow/model-versions/search': ({ query }) => {
      expect(query.get('filter')).toBe(`name='${NAME}'`);
      return { model_versions: ['1', '3', '2'].map(version) };
    },
    'GET /api/2.0/mlflow/runs/get': ({ query }) => ({ run: RUNS[query.get('run_id') as keyof typeof RUNS] }),
    'POST /api/2.0/mlflow/registered-models/alias': ({ body, headers }) => {
      sent.alias.push({ body, auth: headers.get('authorization') });
      if (!authorized(headers)) return json({ error: 'this endpoint needs a bearer token (Authorization: Bearer ...)', details: [] }, 401);
      reg.champion = (body as { version: string }).version;
      return {};
    },
    'POST /api/2.0/mlflow/registered-models/set-tag': ({ body, headers }) => {
      if (!authorized(headers)) return json({ error: 'invalid bearer token', details: [] }, 401);
      sent.tags.push(body);
      reg.history = JSON.parse((body as { value: string }).value) as string[];
      return {};
    },
    'POST /v1/model/reload': () => {
      sent.reloads++;
      if (reloadStatus !== 200) return json({ error: 'invalid bearer token', details: [] }, reloadStatus);
      reg.served = reg.champion;
      return { model: { name: NAME, version: reg.served }, changed: true };
    },
  });
  return sent;
}

const versionRow = (v: string) => screen.getAllByRole('row').find((r) => within(r).queryAllByRole('cell')[0]?.textContent === v)!;

describe('ModelsPage', () => {
  it('lists the versions newest first with their run metrics, aliases and what is served', async () => {
    setup();
    renderPage(<ModelsPage />, { path: '/models' });
    expect(await screen.findByRole('heading', { name: NAME })).toBeTruthy();
    await screen.findByRole('link', { name: 'best-run' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['3', '2', '1']);
    const two = versionRow('2');
    expect(within(two).getByRole('link', { name: 'best-run' }).getAttribute('href')).toBe('/runs/r2');
    expect(two.textContent).toMatch(/0\.513.*1\.084.*0\.534/);
    expect(within(two).getByText('@champion').className).toMatch(/champion/);
    expect(within(two).getByText('serving now')).toBeTruthy();
    expect(within(two).queryByRole('button')).toBeNull();
    expect(within(versionRow('1')).getByText('previous champion')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Roll back to version 1' })).toBeTruthy();
    expect(screen.getByText(/Serving now:/).parentElement!.textContent).toMatch(/customer-segmentation version 2 \(@champion\)/);
  });

  it('promotes a version after confirmation: moves the alias, asks the server to reload and shows the new version', async () => {
    const sent = setup();
    const user = userEvent.setup();
    renderPage(<ModelsPage />, { path: '/models' });
    await user.click(await screen.findByRole('button', { name: 'Make version 3 champion' }));
    const dialog = screen.getByRole('dialog', { name: 'Make version 3 the champion?' });
    expect(dialog.textContent).toMatch(/moves from version 2 to version 3/);
    expect(dialog.textContent).toMatch(/next check/);
    expect(sent.alias).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    expect((await screen.findByRole('status')).textContent).toMatch(/customer-segmentation@champion → version 3 \(was 2\)\. The server reloaded it\./);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sent.alias).toEqual([{ body: { name: NAME, alias: 'champion', version: '3' }, auth: null }]);
    expect(sent.reloads).toBe(1);
    expect(sent.tags).toEqual([{ name: NAME, key: HISTORY, value: '["1","2"]' }]);
    await waitFor(() => expect(within(versionRow('3')).getByText('@champion')).toBeTruthy());
    await waitFor(() => expect(screen.getByText(/Serving now:/).parentElement!.textContent).toMatch(/version 3/));
    expect(within(versionRow('2')).getByText('previous champion')).toBeTruthy();
    expect(within(versionRow('2')).getByRole('button', { name: 'Make version 2 champion' })).toBeTruthy();
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const sent = setup();
    const user = userEvent.setup();
    renderPage(<ModelsPage />, { path: '/models' });
    await user.click(await screen.findByRole('button', { name: 'Make version 3 champion' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sent.alias).toHaveLength(0);
    expect(sent.reloads).toBe(0);
  });

  it('rolls back to the previous champion', async () => {
    const sent = setup();
    const user = userEvent.setup();
    renderPage(<ModelsPage />, { path: '/models' });
    await user.click(await screen.findByRole('button', { name: 'Roll back to version 1' }));
    const dialog = screen.getByRole('dialog', { name: 'Make version 1 the champion?' });
    expect(dialog.textContent).toMatch(/rolls back to the previous champion/);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await screen.findByRole('status');
    expect(sent.alias.map((a) => a.body)).toEqual([{ name: NAME, alias: 'champion', version: '1' }]);
    expect(sent.tags).toEqual([{ name: NAME, key: HISTORY, value: '[]' }]);
  });

  it('asks for the API token when the server answers 401, stores it and retries with it', async () => {
    const sent = setup({ token: 's3cret', reloadStatus: 401 });
    const user = userEvent.setup();
    renderPage(<ModelsPage />, { path: '/models' });
    await user.click(await screen.findByRole('button', { name: 'Make version 3 champion' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    const field = await within(dialog).findByLabelText('API token');
    expect(field.getAttribute('type')).toBe('password');
    expect(within(dialog).getByRole('alert').textContent).toMatch(/needs an API token/);
    await user.type(field, 's3cret');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    // reload answered 401 too: ignored, the server picks the alias up at its next check
    expect((await screen.findByRole('status')).textContent).toMatch(/version 3 \(was 2\)\. The server switches to it at its next check\./);
    expect(getToken()).toBe('s3cret');
    expect(sent.alias.map((a) => a.auth)).toEqual([null, 'Bearer s3cret']);
    expect(sent.reloads).toBe(1);
  });

  it('shows the empty state when nothing is registered', async () => {
    setup({ models: false });
    renderPage(<ModelsPage />, { path: '/models' });
    expect(await screen.findByText('No registered models yet')).toBeTruthy();
  });
});
