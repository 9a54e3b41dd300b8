import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError, type DataProfile } from '@custseg/ml';
import { EDA_HELP, edaCommand } from './eda.js';

// The command is called in-process (main.ts wires it as `custseg eda`); stdout is captured.
let stdout: string;
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'custseg-eda-cli-'));
const data = join(dir, 'train.csv');
const other = join(dir, 'test.csv');
writeFileSync(data, 'ID,Age,Profession,Segmentation\n1,30,"Doctor, MD",A\n2,,Artist,B\n3,50,Artist,A\n4,61,,B\n');
writeFileSync(other, 'ID,Age,Profession\n9,70,Artist\n10,72,Artist\n');

describe('custseg eda', () => {
  it('--help prints the usage', async () => {
    expect(await edaCommand(['--help'])).toBe(0);
    expect(stdout).toBe(EDA_HELP);
    expect(stdout).toContain('--compare CSV');
  });

  it('writes the HTML report and the JSON profile, prints a summary and the warnings', async () => {
    const html = join(dir, 'report.html');
    const json = join(dir, 'profile.json');
    expect(await edaCommand(['--data', data, '--out', html, '--json', json, '--compare', other])).toBe(0);
    const profile = JSON.parse(readFileSync(json, 'utf8')) as DataProfile;
    expect(profile.format).toBe('custseg-data-profile');
    expect(profile.overview.rows).toBe(4);
    expect(profile.target!.classes).toEqual(['A', 'B']);
    expect(profile.drift!.features.map((f) => f.feature)).toEqual(['Age', 'Profession']);
    expect(readFileSync(html, 'utf8')).toContain('<section id="drift">');
    expect(stdout).toContain('train.csv: 4 rows, 4 columns, 2 missing cells');
    expect(stdout).toContain('Age is missing in 25% of rows.');
  });

  it('user errors are one-line UserErrors naming the option or file', async () => {
    const html = join(dir, 'r.html');
    await expect(edaCommand(['--out', html])).rejects.toThrow(new UserError('custseg eda: --data is required; see custseg eda --help'));
    await expect(edaCommand(['--data', data])).rejects.toThrow(new UserError('custseg eda: --out is required; see custseg eda --help'));
    await expect(edaCommand(['--data', join(dir, 'nope.csv'), '--out', html])).rejects.toThrow('nope.csv: no such file');
    await expect(edaCommand(['--data', data, '--out', html, '--target', 'Churn'])).rejects.toThrow('train.csv: the target column Churn is not in the header (ID, Age, Profession, Segmentation)');
    await expect(edaCommand(['--data', data, '--out', html, '--bogus'])).rejects.toThrow(/^custseg eda: Unknown option '--bogus'/);
    await expect(edaCommand(['--data', data, '--out', html, '--json', html])).rejects.toThrow(`custseg eda: --json and --out name the same file ${html}`);
    await expect(edaCommand(['--data', data, '--out', html, '--batch-rows', '0'])).rejects.toThrow('custseg eda: --batch-rows expects an integer from 1 to 10000000, got "0"');
  });
});
