// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test-support/fake-api';
import { modelInfoFixture } from '../../test-support/model-info';
import { renderPage } from '../../test-support/render';
import { BatchPage } from './BatchPage';
import { checkPreview } from './csv-preview';
import { resultsCsv } from './score-stream';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HEADER = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1';

function csvFile(lines: string[]): File {
  return new File([`${lines.join('\n')}\n`], 'customers.csv', { type: 'text/csv' });
}

describe('checkPreview', () => {
  it('flags missing required columns, unknown columns, bad cells and unseen categories', () => {
    const model = modelInfoFixture();
    const p = checkPreview(['ID', 'Gender', 'Age', 'Extra'], [['1', 'Male', 'abc', 'x'], ['2', 'Robot', '40', 'y'], ['3', 'Female']], model);
    expect(p.headerProblems).toEqual(['the column Spending_Score (Spending score) is missing']);
    expect(p.unknownColumns).toEqual(['Extra']);
    expect([...p.rows[0]!.problems.entries()]).toEqual([[2, 'Age must be a number']]);
    expect(p.rows[1]!.problems.size).toBe(0);
    expect([...p.rows[1]!.warnings.values()]).toEqual(['Gender "Robot" was not seen in training']);
    expect(p.rows[2]!.problems.get(-1)).toBe('expected 4 fields, got 2');
    expect(p.rows[2]!.line).toBe(4);
  });
});

describe('resultsCsv', () => {
  it('writes one row per customer with the probabilities, warnings and errors, quoting as CSV needs', () => {
    const csv = resultsCsv(
      [
        { ID: 7, segment: 'B', probabilities: { A: 0.1, B: 0.7, C: 0.1, D: 0.1 }, warnings: ['Var_1 "x, y" unseen'] },
        { ID: '8', line: 3, error: 'Age: expected a number' },
      ],
      ['A', 'B', 'C', 'D'],
      'ID',
      'Segmentation',
    );
    expect(csv).toBe('ID,Segmentation,prob_A,prob_B,prob_C,prob_D,warnings,error\n7,B,0.1,0.7,0.1,0.1,"Var_1 ""x, y"" unseen",\n8,,,,,,,Age: expected a number\n');
  });
});

describe('BatchPage', () => {
  it('previews the file with the bad row highlighted, scores it as NDJSON and shows the distribution and rows', async () => {
    const ndjson = ['{"ID":"1","segment":"A","probabilities":{"A":0.7,"B":0.1,"C":0.1,"D":0.1}}', '{"ID":"2","line":3,"error":"Age: expected a number between 0 and 120, got 300"}', '{"ID":"3","segment":"D","probabilities":{"A":0.1,"B":0.1,"C":0.1,"D":0.7}}'].join('\n');
    const api = fakeApi({
      'GET /v1/model': () => modelInfoFixture('2'),
      'POST /v1/predict/csv': ({ headers }) => {
        expect(headers.get('accept')).toBe('application/x-ndjson');
        return new Response(`${ndjson}\n`, { headers: { 'content-type': 'application/x-ndjson', 'x-model-name': 'customer-segmentation', 'x-model-version': '2' } });
      },
    });
    const user = userEvent.setup();
    renderPage(<BatchPage />);
    const input = await screen.findByLabelText('CSV file');
    await user.upload(input, csvFile([HEADER, '1,Male,Yes,40,Yes,Artist,1,Low,2,Cat_6', '2,Male,Yes,300,Yes,Artist,1,Low,2,Cat_6', '3,Female,No,22,No,Doctor,,Average,4,Cat_4']));
    expect(await screen.findByRole('table', { name: 'Preview of the file' })).toBeTruthy();
    expect(document.querySelectorAll('tr.problem')).toHaveLength(1);
    expect(screen.getByText('Age must be between 0 and 120')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    expect(await screen.findByText(/Scored 3 rows with customer-segmentation version 2/)).toBeTruthy();
    expect(screen.getByText(/3 rows, 2 scored, 1 could not be scored/)).toBeTruthy();
    expect(screen.getByText('Age: expected a number between 0 and 120, got 300')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download' })).toBeTruthy();
    expect(api.requests.find((r) => r.path === '/v1/predict/csv')?.body).toContain('2,Male,Yes,300');
  });

  it('refuses a file without a required column before sending it', async () => {
    fakeApi({ 'GET /v1/model': () => modelInfoFixture() });
    const user = userEvent.setup();
    renderPage(<BatchPage />);
    await user.upload(await screen.findByLabelText('CSV file'), csvFile(['ID,Gender', '1,Male']));
    expect(await screen.findByText('This file cannot be scored by the served model')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Predict' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's refusal of a file", async () => {
    fakeApi({
      'GET /v1/model': () => modelInfoFixture(),
      'POST /v1/predict/csv': () => json({ error: 'the CSV header does not fit the model: unknown column Extra', details: [] }, 400),
    });
    const user = userEvent.setup();
    renderPage(<BatchPage />);
    await user.upload(await screen.findByLabelText('CSV file'), csvFile([`${HEADER},Extra`, '1,Male,Yes,40,Yes,Artist,1,Low,2,Cat_6,x']));
    await user.click(await screen.findByRole('button', { name: 'Predict' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('unknown column Extra'));
  });
});
