import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// These tests run the real binary, as other tools do. `npm test` builds first.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'packages/cli/bin/custseg.js');
const DATA_DIR = resolve(ROOT, process.env.CUSTSEG_DATA_DIR ?? '../shared/data/customer-segmentation');
const REAL_TRAIN = join(DATA_DIR, 'train.csv');
const HAS_REAL = existsSync(REAL_TRAIN);
if (!HAS_REAL) console.warn(`skipping real-data CLI tests: ${REAL_TRAIN} is absent (set CUSTSEG_DATA_DIR)`);

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CUSTSEG_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1,Segmentation';
let dir: string;
let synthCsv: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) throw new Error('packages/cli/dist is missing: run npm run build (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'custseg-cli-'));
  synthCsv = join(dir, 'synth.csv');
  const r = run(['synth', '--rows', '1500', '--seed', '7', '--out', synthCsv]);
  expect(r.code, r.stderr).toBe(0);
});

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A user error: exit 2, exactly one line on stderr, no stack trace. */
function expectUserError(r: ReturnType<typeof run>, line: string | RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('custseg --help', () => {
  it.each(['train', 'evaluate', 'predict', 'synth', 'search', 'importance'])('%s --help prints usage and exits 0', (cmd) => {
    const r = run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: custseg ${cmd}`);
  });

  it('lists the commands', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['train', 'evaluate', 'predict', 'synth']) expect(r.stdout).toContain(c);
  });

  it('rejects an unknown command and an unknown option with one line', () => {
    expectUserError(run(['fly']), /^custseg: unknown command "fly"; expected one of train, evaluate, /);
    expectUserError(run(['train', '--colour', 'red']), /^custseg train: Unknown option '--colour'/);
  });
});

describe('custseg train: bad input', () => {
  it('names file, line, column and value of a bad number', () => {
    const p = write('bad.csv', `${HEADER}\n1,Male,Yes,36,Yes,Engineer,0,Low,1,Cat_6,A\n2,Male,Yes,abc,Yes,Engineer,0,Low,1,Cat_6,B\n`);
    expectUserError(run(['train', '--data', p, '--out', join(dir, 'm.json')]), 'bad.csv line 3, column Age: expected a number, got "abc"');
  });

  it('lists all missing required columns', () => {
    const p = write('cols.csv', 'ID,Gender,Age,Segmentation\n1,Male,30,A\n');
    expectUserError(
      run(['train', '--data', p, '--out', join(dir, 'm.json')]),
      'cols.csv: missing required columns Ever_Married, Graduated, Profession, Work_Experience, Spending_Score, Family_Size, Var_1 (header has ID, Gender, Age, Segmentation)',
    );
  });

  it('refuses a missing file, an empty file, a single class, and a bad option value', () => {
    expectUserError(run(['train', '--data', join(dir, 'nope.csv')]), /nope\.csv: no such file$/);
    expectUserError(run(['train', '--data', write('empty.csv', '')]), 'empty.csv: the file is empty (expected a header line)');
    const one = write('one.csv', `${HEADER}\n` + Array.from({ length: 10 }, (_, i) => `${i},Male,Yes,${30 + i},Yes,Engineer,0,Low,1,Cat_6,A`).join('\n') + '\n');
    expectUserError(run(['train', '--data', one]), 'one.csv: the target has a single class (A); need at least two');
    expectUserError(run(['train', '--seed', 'x']), /^custseg train: --seed expects an integer/);
    expectUserError(run(['train', '--test-size', '1.5']), /^custseg train: --test-size expects/);
    expectUserError(run(['train', '--model', 'magic']), /^unknown model preset "magic": expected one of logistic, ovr-logistic, /);
  });

  it('rejects a broken config file naming it', () => {
    expectUserError(run(['train', '--data', synthCsv, '--config', write('c.json', '{"steps": 3}')]), /^c\.json: "steps" must be an array/);
    expectUserError(run(['train', '--data', synthCsv, '--config', write('c2.json', '{not json')]), /^c2\.json: not valid JSON/);
    expectUserError(
      run(['train', '--data', synthCsv, '--config', write('c3.json', '{"steps": [], "estimator": {"type": "Oracle", "params": {}}}')]),
      /^c3\.json: estimator \(Oracle\): unknown classifier type "Oracle"/,
    );
  });
});

describe('custseg train / evaluate / predict', () => {
  it('trains with --json, deterministically, and the model evaluates and predicts', () => {
    const m1 = join(dir, 'model1.json');
    const m2 = join(dir, 'model2.json');
    const r1 = run(['train', '--data', synthCsv, '--model', 'logistic', '--seed', '3', '--out', m1, '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const j = JSON.parse(r1.stdout);
    expect(j.model).toBe(m1);
    for (const key of ['fit_seconds', 'accuracy', 'macro_f1', 'log_loss']) expect(typeof j[key]).toBe('number');
    expect(j.n_test).toBe(300);
    expect(j.accuracy).toBeGreaterThan(0.3);
    const r2 = run(['train', '--data', synthCsv, '--model', 'logistic', '--seed', '3', '--out', m2, '--json']);
    expect(r2.code).toBe(0);
    expect(readFileSync(m1, 'utf8')).toBe(readFileSync(m2, 'utf8'));

    const ev = run(['evaluate', '--model', m1, '--data', synthCsv, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const e = JSON.parse(ev.stdout);
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['accuracy', 'macro_f1', 'weighted_f1', 'log_loss', 'n_rows', 'classes', 'confusion_matrix']));
    expect(e.n_rows).toBe(1500);
    expect(e.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(e.confusion_matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1500);

    const outCsv = join(dir, 'pred.csv');
    const pr = run(['predict', '--model', m1, '--data', synthCsv, '--out', outCsv, '--batch-rows', '400']);
    expect(pr.code, pr.stderr).toBe(0);
    const lines = readFileSync(outCsv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ID,Segmentation,prob_A,prob_B,prob_C,prob_D');
    expect(lines).toHaveLength(1501);
    const first = lines[1].split(',');
    expect(first[0]).toBe(readFileSync(synthCsv, 'utf8').split('\n')[1].split(',')[0]);
    const probs = first.slice(2).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('prints a metrics table and classification report without --json', () => {
    const r = run(['train', '--data', synthCsv, '--out', join(dir, 'model3.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+0\.\d{4}/);
    expect(r.stdout).toMatch(/macro avg/);
    expect(r.stdout).toContain('wrote ');
  });

  it('predicts a file with an unseen category and warns instead of failing', () => {
    const m = join(dir, 'model1.json');
    const p = write('unseen.csv', 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1\n9,Male,Yes,40,Yes,Astronaut,2,Low,2,Cat_6\n');
    const outCsv = join(dir, 'unseen-pred.csv');
    const r = run(['predict', '--model', m, '--data', p, '--out', outCsv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Profession=Astronaut');
    expect(readFileSync(outCsv, 'utf8').split('\n')[1]).toMatch(/^9,[ABCD],/);
  });

  it('ranks input columns by permutation importance', () => {
    const r = run(['importance', '--model', join(dir, 'model1.json'), '--data', synthCsv, '--repeats', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.importances.map((x: { feature: string }) => x.feature).sort()).toEqual(
      ['Age', 'Ever_Married', 'Family_Size', 'Gender', 'Graduated', 'Profession', 'Spending_Score', 'Var_1', 'Work_Experience'],
    );
    expect(j.importances[0].mean).toBeGreaterThan(0.01);
  });

  it('refuses a file that is not a model', () => {
    expectUserError(run(['evaluate', '--model', write('x.json', '{"a":1}'), '--data', synthCsv]), /^x\.json: not a custseg model/);
    expectUserError(run(['predict', '--model', write('y.json', 'nope'), '--data', synthCsv, '--out', join(dir, 'o.csv')]), /^y\.json: not a JSON document/);
  });

  it('trains on synthetic customers when no --data is given', () => {
    const r = run(['train', '--out', join(dir, 'default.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n_rows).toBe(8000);
    expect(j.accuracy).toBeGreaterThan(0.35);
  });
});

describe('custseg train on any CSV', () => {
  it('infers the schema with --target and trains', () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i},${(i * 7) % 13},${i % 3 === 0 ? 'red' : 'blue'},${i % 2 === 0 ? 'yes' : 'no'}`);
    const p = write('other.csv', `id,amount,colour,churned\n${rows.join('\n')}\n`);
    const m = join(dir, 'other.json');
    const r = run(['train', '--data', p, '--target', 'churned', '--out', m, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).classes).toEqual(['no', 'yes']);
    const doc = JSON.parse(readFileSync(m, 'utf8'));
    expect(doc.signature.features.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual(['amount:numeric', 'colour:categorical']);
    expectUserError(run(['train', '--data', p, '--target', 'nope']), 'other.csv: the target column nope is not in the header (id, amount, colour, churned)');
  });
});

describe('custseg synth', () => {
  it('writes the real schema, deterministically', () => {
    const a = join(dir, 's1.csv');
    const b = join(dir, 's2.csv');
    expect(run(['synth', '--rows', '200', '--seed', '1', '--out', a]).code).toBe(0);
    expect(run(['synth', '--rows', '200', '--seed', '1', '--out', b]).code).toBe(0);
    const text = readFileSync(a, 'utf8');
    expect(text).toBe(readFileSync(b, 'utf8'));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(201);
    expectUserError(run(['synth', '--rows', '0', '--out', a]), /^custseg synth: --rows expects an integer from 1/);
  });
});

describe('custseg train --config', () => {
  it('trains the README example config, which is examples/pipeline-config.json', () => {
    const example = join(ROOT, 'examples/pipeline-config.json');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(readme)![1];
    expect(JSON.parse(block)).toEqual(JSON.parse(readFileSync(example, 'utf8')));
    const r = run(['train', '--data', synthCsv, '--config', example, '--out', join(dir, 'cfg.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).preset).toBeNull();
  });
});

describe('custseg search', () => {
  it('ranks a grid by cross-validation and writes the refitted best model', () => {
    const grid = write('grid.json', '{"estimator.C": [0.01, 1]}');
    const m = join(dir, 'best.json');
    const r = run(['search', '--data', synthCsv, '--grid', grid, '--cv', '3', '--out', m, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cv_results.params).toEqual([{ 'estimator.C': 0.01 }, { 'estimator.C': 1 }]);
    expect(j.best_score).toBe(Math.max(...j.cv_results.mean_test_score));
    expect(JSON.parse(readFileSync(m, 'utf8')).pipeline.estimator.params.C).toBe(j.best_params['estimator.C']);
    const text = run(['search', '--data', synthCsv, '--grid', grid, '--n-iter', '2', '--cv', '2']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^2 candidates × 2 folds, scoring accuracy/);
    expectUserError(run(['search', '--data', synthCsv, '--grid', write('bad-grid.json', '{"estimator.nope": [1]}')]), /^bad-grid\.json: .*estimator\.nope/);
  });
});

describe('custseg train --cv', () => {
  it('cross-validates on all rows and reports every fold', () => {
    const r = run(['train', '--data', synthCsv, '--cv', '3', '--out', join(dir, 'cv.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cv.folds).toBe(3);
    expect(j.cv.fold_accuracy).toHaveLength(3);
    expect(j.cv.mean_accuracy).toBeCloseTo(j.cv.fold_accuracy.reduce((a: number, b: number) => a + b, 0) / 3, 12);
    expectUserError(run(['train', '--cv', '1']), /^custseg train: --cv expects an integer from 2 to 100/);
  });
});

describe.skipIf(!HAS_REAL)('custseg on the real train.csv', () => {
  it('logistic reaches the reference accuracy band on held-out customers', () => {
    const r = run(['train', '--data', REAL_TRAIN, '--model', 'logistic', '--out', join(dir, 'real.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n_rows).toBe(6454);
    expect(j.accuracy).toBeGreaterThan(0.44);
    expect(j.log_loss).toBeLessThan(1.2);
  });
});
