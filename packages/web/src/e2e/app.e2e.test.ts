import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, HAS_CHROMIUM, SCREENSHOTS, launchBrowser, newPage, screenshot, startServedApp, type ServedApp } from './harness';

if (!HAS_CHROMIUM) console.warn(`skipping browser tests: no chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

describe.skipIf(!HAS_CHROMIUM)('the web app in chromium against a real custseg serve', () => {
  let app: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startServedApp();
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: app.url, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    console.log(`browser test screenshots: ${SCREENSHOTS}`);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  async function open(path: string): Promise<Page> {
    const { page, errors: pageErrors } = await newPage(context);
    pageErrors.length = 0;
    page.on('close', () => errors.push(...pageErrors));
    await page.goto(path);
    return page;
  }

  async function fillCustomer(page: Page): Promise<void> {
    await page.getByLabel('Gender').selectOption('Male');
    await page.getByLabel('Ever married').selectOption('Yes');
    await page.getByLabel('Age').fill('45');
    await page.getByLabel('Graduated').selectOption('Yes');
    await page.getByLabel('Profession').selectOption('Artist');
    await page.getByLabel('Work experience').fill('3');
    await page.getByLabel('Spending score').selectOption('Average');
    await page.getByLabel('Family size').fill('3');
    await page.getByLabel('Var 1').selectOption('Cat_6');
  }

  it('Predict: fills the form by its labels and shows a segment, its probabilities and the version', async () => {
    const page = await open('/');
    await expect(page.getByRole('heading', { name: "Predict a customer's segment" }).isVisible()).resolves.toBe(true);
    await fillCustomer(page);
    await page.getByRole('button', { name: 'Predict' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Answered by' });
    await status.waitFor();
    expect(await page.getByTestId('segment').textContent()).toMatch(/^[ABCD]$/);
    expect(await status.textContent()).toContain('customer-segmentation version 1');
    await page.getByRole('list', { name: 'Probabilities' }).waitFor();
    await screenshot(page, 'predict');
    await page.close();
  });

  it('Predict: inline validation stops an out-of-range age and names the field', async () => {
    const page = await open('/');
    await fillCustomer(page);
    await page.getByLabel('Age').fill('130');
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByText('Age must be between 0 and 120').waitFor();
    expect(await page.getByLabel('Age').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('Age');
    await page.close();
  });

  it('Batch: uploads a CSV, previews it with problems highlighted, predicts and downloads one row per customer', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'Batch' }).click();
    await page.getByRole('heading', { name: 'Score a file of customers' }).waitFor();
    // the sample file the page offers
    const sampleDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download a sample file' }).click();
    const sample = readFileSync((await (await sampleDownload).path())!, 'utf8');
    const sampleLines = sample.trim().split('\n');
    expect(sampleLines[0]).toBe('ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1');
    // one bad row: an age out of range is highlighted in the preview and comes back with an error
    const bad = sampleLines[3]!.split(',');
    bad[3] = '200';
    const rows = [...sampleLines.slice(0, 3), bad.join(','), ...sampleLines.slice(4)];
    const file = join(app.dir, 'customers.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('table', { name: 'Preview of the file' }).waitFor();
    expect(await page.locator('tr.problem').count()).toBe(1);
    expect(await page.locator('td.problem-cell').first().textContent()).toBe('200');
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByText(`Scored ${rows.length - 1} rows`).waitFor();
    await screenshot(page, 'batch');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const saved = parse(readFileSync((await (await download).path())!, 'utf8')) as string[][];
    expect(saved[0]).toEqual(['ID', 'Segmentation', 'prob_A', 'prob_B', 'prob_C', 'prob_D', 'warnings', 'error']);
    expect(saved).toHaveLength(rows.length);
    const byId = new Map(saved.slice(1).map((cells) => [cells[0], cells]));
    for (const line of rows.slice(1)) {
      const id = line.split(',')[0]!;
      const out = byId.get(id)!;
      expect(out, `row ${id}`).toBeDefined();
      if (id === bad[0]) {
        expect(out[1]).toBe('');
        expect(out.at(-1)).toMatch(/Age/);
      } else {
        expect(out[1]).toMatch(/^[ABCD]$/);
        const p = out.slice(2, 6).map(Number);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    }
    await page.close();
  });

  it('Batch: a 100,000-row file streams through and the page renders one page of rows, never all of them', async () => {
    const page = await open('/batch');
    const model = await (await fetch(`${app.url}/v1/model`)).json();
    const header = `ID,${model.input_schema.fields.map((f: { name: string }) => f.name).join(',')}`;
    const lines = [header];
    for (let i = 0; i < 100_000; i++) {
      lines.push(`${i + 1},${i % 2 ? 'Male' : 'Female'},${i % 3 ? 'Yes' : 'No'},${18 + (i % 70)},${i % 4 ? 'Yes' : 'No'},${['Artist', 'Doctor', 'Engineer', 'Lawyer'][i % 4]},${i % 15},${['Low', 'Average', 'High'][i % 3]},${1 + (i % 8)},Cat_${1 + (i % 7)}`);
    }
    const file = join(app.dir, 'big.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('table', { name: 'Preview of the file' }).waitFor();
    const started = Date.now();
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByText('Scored 100,000 rows').waitFor({ timeout: 90_000 });
    console.log(`browser test: 100,000 rows scored and shown in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(await page.locator('tbody tr').count()).toBeLessThanOrEqual(20 + 25);
    await page.getByText('Page 1 of 4,000').waitFor();
    await page.getByRole('button', { name: 'Last' }).click();
    await page.getByText('Page 4,000 of 4,000').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const saved = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
    expect(saved).toHaveLength(100_001);
    await page.close();
  }, 120_000);

  it('Experiments: lists the runs, compares two side by side, and opens a run with its confusion matrix', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'logistic-e2e' }).waitFor();
    await screenshot(page, 'experiments');
    await page.getByLabel('Select run logistic-e2e').check();
    await page.getByLabel('Select run hist-gbdt-e2e').check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    // the two runs differ in their preset: that row is highlighted
    const presetRow = page.getByRole('row').filter({ hasText: 'preset' }).first();
    await presetRow.waitFor();
    expect(await presetRow.locator('.diff').count()).toBeGreaterThan(0);
    await screenshot(page, 'compare');
    await page.getByRole('link', { name: 'hist-gbdt-e2e' }).first().click();
    await page.getByText('classification_report.txt').first().waitFor();
    await page.locator('pre').filter({ hasText: 'precision' }).waitFor();
    await page.getByRole('figure').first().waitFor();
    await screenshot(page, 'run');
    await page.close();
  });

  it('Data: profiles an uploaded file with drift against the training data, and shows the training profile', async () => {
    const page = await open('/data');
    await page.getByLabel('Compare with the training data').check();
    const file = join(app.dir, 'profile-me.csv');
    const sample = await (await fetch(`${app.url}/v1/model`)).json();
    expect(sample.input_schema.fields.length).toBe(9);
    // a file with the target column, so the target section has something to show
    const header = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1,Segmentation';
    const rows = Array.from({ length: 300 }, (_, i) =>
      [200000 + i, i % 2 ? 'Male' : 'Female', i % 3 ? 'Yes' : 'No', 20 + (i % 60), i % 4 ? 'Yes' : '', ['Artist', 'Doctor', 'Engineer'][i % 3], i % 7 ? i % 10 : '', ['Low', 'Average', 'High'][i % 3], 1 + (i % 6), `Cat_${1 + (i % 7)}`, 'ABCD'[i % 4]].join(','),
    );
    writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('heading', { name: 'Drift against the training data' }).waitFor();
    await page.getByRole('heading', { name: /^Target/ }).waitFor();
    await page.getByRole('heading', { name: 'Correlations' }).waitFor();
    await screenshot(page, 'data');
    await page.getByRole('tab', { name: 'Training data of the served model' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await screenshot(page, 'data-training');
    await page.close();
  });

  it('Models: promotes version 2 to champion after a confirmation, and Predict then reports version 2', async () => {
    const page = await open('/models');
    await page.getByRole('button', { name: 'Make version 2 champion' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Make version 2 the champion?' }).waitFor();
    await screenshot(page, 'models-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Serving customer-segmentation version 2').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'models');
    await page.getByRole('link', { name: 'Predict' }).click();
    await fillCustomer(page);
    await page.getByRole('button', { name: 'Predict' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Answered by' });
    await status.waitFor();
    expect(await status.textContent()).toContain('customer-segmentation version 2');
    await page.close();
  });

  it('stays usable at 375 px: nothing wider than the screen, navigation reachable', async () => {
    const small = await browser.newContext({ baseURL: app.url, viewport: { width: 375, height: 812 } });
    const { page, errors: pageErrors } = await newPage(small);
    await page.goto('/');
    await page.getByLabel('Age').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Batch' }).click();
    await page.getByRole('heading', { name: 'Score a file of customers' }).waitFor();
    await screenshot(page, 'batch-375px');
    await page.goto('/');
    await page.getByLabel('Age').waitFor();
    await screenshot(page, 'predict-375px');
    errors.push(...pageErrors);
    await small.close();
  });

  it('keyboard: the first Tab reaches the skip link, then the navigation, with a visible focus ring', async () => {
    const page = await open('/');
    await page.getByLabel('Age').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Predict');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.close();
  });

  it('a deep link loads the app and unknown API paths stay JSON 404s', async () => {
    const page = await open('/batch');
    await page.getByRole('heading', { name: 'Score a file of customers' }).waitFor();
    await page.close();
    const api = await fetch(`${app.url}/v1/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: 'no route GET /v1/nope' });
  });

  it('no page logged a console error', () => {
    expect(errors).toEqual([]);
  });
});
