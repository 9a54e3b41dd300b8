// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { PredictPage } from './PredictPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const LABELS = ['Gender', 'Ever married', 'Age', 'Graduated', 'Profession', 'Work experience', 'Spending score', 'Family size', 'Var 1'];

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(screen.getByLabelText('Gender'), 'Male');
  await user.type(screen.getByLabelText('Age'), '45');
  await user.selectOptions(screen.getByLabelText('Spending score'), 'Low');
  await user.selectOptions(screen.getByLabelText('Profession'), 'Artist');
}

describe('PredictPage', () => {
  it('has one labelled control per input field: selects of the categories, number inputs with the ranges', async () => {
    fakeApi({ 'GET /v1/model': () => modelInfoFixture() });
    renderPage(<PredictPage />);
    for (const label of LABELS) expect(await screen.findByLabelText(label)).toBeTruthy();
    const age = screen.getByLabelText('Age') as HTMLInputElement;
    expect(age.type).toBe('number');
    expect([age.min, age.max]).toEqual(['0', '120']);
    const options = [...(screen.getByLabelText('Spending score') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['', 'Average', 'High', 'Low']);
    expect(screen.getByText('usually 18 to 89')).toBeTruthy();
  });

  it('sends the typed row (numbers as numbers, blank optional fields left out) and shows the answer', async () => {
    const api = fakeApi({
      'GET /v1/model': () => modelInfoFixture('3'),
      'POST /v1/predict': () => ({ segment: 'C', probabilities: { A: 0.1, B: 0.2, C: 0.6, D: 0.1 }, warnings: ['Profession "Artist" is rare'], model: { name: 'customer-segmentation', version: '3' } }),
    });
    const user = userEvent.setup();
    renderPage(<PredictPage />);
    await screen.findByLabelText('Age');
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    const status = await screen.findByText(/Answered by customer-segmentation version 3/);
    expect(status).toBeTruthy();
    expect(screen.getByTestId('segment').textContent).toBe('C');
    expect(screen.getByText('C: 60.0%')).toBeTruthy();
    expect(screen.getByText('Profession "Artist" is rare')).toBeTruthy();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ Gender: 'Male', Age: 45, Spending_Score: 'Low', Profession: 'Artist' });
  });

  it('validates inline: required fields and ranges, focus on the first problem, nothing sent', async () => {
    const api = fakeApi({ 'GET /v1/model': () => modelInfoFixture() });
    const user = userEvent.setup();
    renderPage(<PredictPage />);
    await screen.findByLabelText('Age');
    await user.type(screen.getByLabelText('Age'), '150');
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    expect(screen.getByText('Gender is required')).toBeTruthy();
    expect(screen.getByText('Age must be between 0 and 120')).toBeTruthy();
    expect(screen.getByLabelText('Age').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Gender'));
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("shows the server's field problems under the field", async () => {
    fakeApi({
      'GET /v1/model': () => modelInfoFixture(),
      'POST /v1/predict': () => json({ error: 'invalid request', details: [{ field: 'Family_Size', row: 0, message: 'Family_Size: expected a number between 1 and 30' }] }, 400),
    });
    const user = userEvent.setup();
    renderPage(<PredictPage />);
    await screen.findByLabelText('Age');
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    expect(await screen.findByText('Family_Size: expected a number between 1 and 30')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('invalid request');
  });

  it('says so when no model is served yet (503), and when the server is down', async () => {
    fakeApi({ 'GET /v1/model': () => json({ error: 'no model loaded', details: [] }, 503) });
    renderPage(<PredictPage />);
    expect(await screen.findByText('No model is being served yet')).toBeTruthy();
    cleanup();
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    renderPage(<PredictPage />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('does not answer'));
  });
});
