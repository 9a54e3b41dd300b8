// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { DataPage } from './DataPage';
import { profileFixture } from './profile-fixture';
import { ProfileReport } from './ProfileReport';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CSV = 'ID,Gender,Age\n1,Male,30\n2,Female\n';
const csvFile = () => new File([CSV], 'customers.csv', { type: 'text/csv' });

describe('ProfileReport', () => {
  it("renders every section of a profile: overview, warnings, target, relations, columns, missingness, correlations", async () => {
    const user = userEvent.setup();
    render(<ProfileReport profile={profileFixture()} />);
    for (const name of ['Overview', 'Warnings', 'Target: Segmentation', 'Columns', 'Missing values', 'Correlations']) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeTruthy();
    }
    expect(screen.queryByRole('heading', { name: 'Drift against the training data' })).toBeNull();
    // overview facts and warnings in words
    expect(screen.getByText('customers.csv')).toBeTruthy();
    expect(screen.getByText('Age is missing in 10% of rows.')).toBeTruthy();
    // charts are Plot figures with a text alternative
    expect(screen.getByRole('figure', { name: /^Rows per class of Segmentation: A 7, B 3/ })).toBeTruthy();
    expect(screen.getByRole('figure', { name: /^Cramér's V of each feature with Segmentation: Profession 0.612, Age 0.350, Gender 0.020/ })).toBeTruthy();
    expect(screen.getByRole('figure', { name: /^Pearson correlations: .*Age.*-0.20/ })).toBeTruthy();
    expect(document.querySelectorAll('.plot svg').length).toBeGreaterThan(5);
    // segment mix of the strongest feature, then of another one picked by the user
    expect(screen.getByRole('figure', { name: /^Class mix of Profession per category: Artist: A 5 B 0/ })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Feature'), 'Age');
    expect(screen.getByRole('figure', { name: /^Class mix of Age per decile: \[19, 30\]: A 3 B 1/ })).toBeTruthy();
    // the column picker: Gender first (a feature), then Age with its histogram, quantiles and outliers
    expect(screen.getByRole('figure', { name: 'Frequencies of Gender: Male 6, Female 4' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show column Age' }));
    expect(screen.getByRole('figure', { name: /^Histogram of Age: 19 to 36.5: 5/ })).toBeTruthy();
    const detail = screen.getByRole('article');
    expect(within(detail).getByText('41.2')).toBeTruthy();
    expect(within(detail).getByText('0 below 2, 1 above 88')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Column'), 'Profession');
    expect(screen.getByRole('figure', { name: /^Frequencies of Profession: Artist 5, Doctor 3, Pilot 1/ })).toBeTruthy();
    // missingness patterns
    expect(screen.getByRole('figure', { name: 'Rows per missing pattern: Age 1, Profession 1' })).toBeTruthy();
  });

  it('shows the drift section with PSI per feature, flagged at 0.1 and 0.25', () => {
    render(<ProfileReport profile={profileFixture({ drift: true })} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Drift against the training data' })).toBeTruthy();
    expect(screen.getByText(/2 of 3 features shifted \(Age, Profession\)/)).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'PSI per feature: Gender 0.004 stable, Age 0.310 major, Profession 0.140 moderate' })).toBeTruthy();
    expect(screen.getByText('major shift (PSI > 0.25)')).toBeTruthy();
    expect(screen.getByText('moderate shift (PSI > 0.1)')).toBeTruthy();
    // the most shifted feature's bins are shown first
    expect((screen.getByLabelText('Drift of feature') as HTMLSelectElement).value).toBe('Age');
    expect(screen.getByRole('figure', { name: /^Share of rows per bin of Age, training data against this file: < 30 2,000 vs 5/ })).toBeTruthy();
  });
});

describe('DataPage', () => {
  it('sends the chosen file to POST /v1/profile and shows the report; the checkbox adds compare=training', async () => {
    const api = fakeApi({
      'GET /v1/model': () => modelInfoFixture(),
      'POST /v1/profile': ({ query }) => profileFixture({ drift: query.get('compare') === 'training' }),
    });
    const user = userEvent.setup();
    renderPage(<DataPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Data' })).toBeTruthy();
    await user.upload(screen.getByLabelText('CSV file'), csvFile());
    expect(await screen.findByRole('heading', { level: 2, name: 'Overview' })).toBeTruthy();
    const sent = api.requests.filter((r) => r.path === '/v1/profile');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(CSV);
    expect(sent[0]!.query.get('name')).toBe('customers.csv');
    expect(sent[0]!.query.get('compare')).toBeNull();

    await user.click(await screen.findByRole('checkbox', { name: 'Compare with the training data' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Drift against the training data' })).toBeTruthy();
    expect(api.requests.filter((r) => r.path === '/v1/profile').at(-1)!.query.get('compare')).toBe('training');
  });

  it("shows the server's 400 message for a bad file", async () => {
    const api = fakeApi({
      'GET /v1/model': () => modelInfoFixture(),
      'POST /v1/profile': () => json({ error: 'customers.csv line 3: expected 3 fields like the header, got 2', details: [] }, 400),
    });
    const user = userEvent.setup();
    renderPage(<DataPage />);
    await user.upload(screen.getByLabelText('CSV file'), csvFile());
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Cannot profile this file')).toBeTruthy();
    expect(within(alert).getByText('customers.csv line 3: expected 3 fields like the header, got 2')).toBeTruthy();
    expect(api.requests.find((r) => r.path === '/v1/profile')?.body).toBe(CSV);
    expect(screen.queryByRole('heading', { level: 2, name: 'Overview' })).toBeNull();
  });

  it("shows the served model's training profile in the second tab (keyboard reachable)", async () => {
    fakeApi({ 'GET /v1/model': () => modelInfoFixture('3'), 'GET /v1/model/profile': () => profileFixture({ source: 'train.csv' }) });
    const user = userEvent.setup();
    renderPage(<DataPage />);
    const first = screen.getByRole('tab', { name: 'Profile a file' });
    first.focus();
    await user.keyboard('{ArrowRight}');
    const tab = screen.getByRole('tab', { name: 'Training data of the served model' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab);
    expect(await screen.findByText(/customer-segmentation version 3 was trained on/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Target: Segmentation' })).toBeTruthy();
  });

  it('training tab: empty state when the model has no training profile', async () => {
    fakeApi({
      'GET /v1/model': () => modelInfoFixture('2'),
      'GET /v1/model/profile': () => json({ error: 'customer-segmentation version 2 has no training profile', details: [] }, 404),
    });
    const user = userEvent.setup();
    renderPage(<DataPage />);
    await user.click(screen.getByRole('tab', { name: 'Training data of the served model' }));
    expect(await screen.findByText('This model has no training profile')).toBeTruthy();
    expect(screen.getByText(/customer-segmentation version 2 was trained before models kept the profile/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('training tab: error state when no model is served; the drift checkbox is disabled', async () => {
    fakeApi({ 'GET /v1/model': () => json({ error: 'no model loaded yet', details: [] }, 503) });
    const user = userEvent.setup();
    renderPage(<DataPage />);
    expect(await screen.findByText('(needs a served model)')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Compare with the training data' }) as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByRole('tab', { name: 'Training data of the served model' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('No model is being served')).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
