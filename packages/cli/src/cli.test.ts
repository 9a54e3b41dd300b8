import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from './util/output.js';

// These tests run the real binary, as other tools do. `npm test` builds first.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'packages/cli/bin/custseg.js');
const DATA_DIR = resolve(ROOT, process.env.CUSTSEG_DATA_DIR ?? '../shared/data/customer-segmentation');
const REAL_TRAIN = join(DATA_DIR, 'train.csv');
const HAS_REAL = existsSync(REAL_TRAIN);
if (!HAS_REAL) console.warn(`skipping real-data CLI tests: ${REAL_TRAIN} is absent (set CUSTSEG_DATA_DIR)`);

// Every run logs to a throw-away tracking store, never to the repository's .custseg/.
const TRACKING_DIR = mkdtempSync(join(tmpdir(), 'custseg-cli-tracking-'));

/** Runs the binary without blocking the test worker (vitest's RPC times out when a worker blocks for long). */
function run(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CUSTSEG_DEBUG: '', CUSTSEG_TRACKING_URI: TRACKING_DIR, MLFLOW_TRACKING_URI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const HEADER = 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1,Segmentation';
let dir: string;
let synthCsv: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) throw new Error('packages/cli/dist is missing: run npm run build (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'custseg-cli-'));
  synthCsv = join(dir, 'synth.csv');
  const r = await run(['synth', '--rows', '1500', '--seed', '7', '--out', synthCsv]);
  expect(r.code, r.stderr).toBe(0);
});

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A user error: exit 2, exactly one line on stderr, no stack trace. */
function expectUserError(r: Awaited<ReturnType<typeof run>>, line: string | RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('custseg --help', () => {
  it.each(['train', 'evaluate', 'predict', 'synth', 'search', 'importance', 'models', 'runs', 'tracking', 'serve', 'quickstart'])('%s --help prints usage and exits 0', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: custseg ${cmd}`);
  });

  it('lists the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['train', 'evaluate', 'predict', 'synth']) expect(r.stdout).toContain(c);
  });

  it('rejects an unknown command and an unknown option with one line', async () => {
    expectUserError(await run(['fly']), /^custseg: unknown command "fly"; expected one of eda, train, evaluate, /);
    expectUserError(await run(['train', '--colour', 'red']), /^custseg train: Unknown option '--colour'/);
  });
});

describe('custseg train: bad input', () => {
  it('names file, line, column and value of a bad number', async () => {
    const p = write('bad.csv', `${HEADER}\n1,Male,Yes,36,Yes,Engineer,0,Low,1,Cat_6,A\n2,Male,Yes,abc,Yes,Engineer,0,Low,1,Cat_6,B\n`);
    expectUserError(await run(['train', '--data', p, '--out', join(dir, 'm.json')]), 'bad.csv line 3, column Age: expected a number, got "abc"');
  });

  it('lists all missing required columns', async () => {
    const p = write('cols.csv', 'ID,Gender,Age,Segmentation\n1,Male,30,A\n');
    expectUserError(
      await run(['train', '--data', p, '--out', join(dir, 'm.json')]),
      'cols.csv: missing required columns Ever_Married, Graduated, Profession, Work_Experience, Spending_Score, Family_Size, Var_1 (header has ID, Gender, Age, Segmentation)',
    );
  });

  it('refuses a missing file, an empty file, a single class, and a bad option value', async () => {
    expectUserError(await run(['train', '--data', join(dir, 'nope.csv')]), /nope\.csv: no such file$/);
    expectUserError(await run(['train', '--data', write('empty.csv', '')]), 'empty.csv: the file is empty (expected a header line)');
    const one = write('one.csv', `${HEADER}\n` + Array.from({ length: 10 }, (_, i) => `${i},Male,Yes,${30 + i},Yes,Engineer,0,Low,1,Cat_6,A`).join('\n') + '\n');
    expectUserError(await run(['train', '--data', one]), 'one.csv: the target Segmentation has a single class (A); training needs at least two');
    expectUserError(await run(['train', '--seed', 'x']), /^custseg train: --seed expects an integer/);
    expectUserError(await run(['train', '--test-size', '1.5']), /^custseg train: --test-size expects/);
    expectUserError(await run(['train', '--model', 'magic']), /^unknown model preset "magic": expected one of logistic, ovr-logistic, /);
  });

  it('rejects a broken config file naming it', async () => {
    expectUserError(await run(['train', '--data', synthCsv, '--config', write('c.json', '{"steps": 3}')]), /^c\.json: "steps" must be an array/);
    expectUserError(await run(['train', '--data', synthCsv, '--config', write('c2.json', '{not json')]), /^c2\.json: not valid JSON/);
    expectUserError(
      await run(['train', '--data', synthCsv, '--config', write('c3.json', '{"steps": [], "estimator": {"type": "Oracle", "params": {}}}')]),
      /^c3\.json: estimator \(Oracle\): unknown classifier type "Oracle"/,
    );
  });
});

describe('custseg train / evaluate / predict', () => {
  it('trains with --json, deterministically, and the model evaluates and predicts', async () => {
    const m1 = join(dir, 'model1.json');
    const m2 = join(dir, 'model2.json');
    const r1 = await run(['train', '--data', synthCsv, '--model', 'logistic', '--seed', '3', '--out', m1, '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const j = JSON.parse(r1.stdout);
    expect(j.model).toBe(m1);
    for (const key of ['fit_seconds', 'accuracy', 'macro_f1', 'log_loss']) expect(typeof j[key]).toBe('number');
    expect(j.n_test).toBe(300);
    expect(j.accuracy).toBeGreaterThan(0.3);
    const r2 = await run(['train', '--data', synthCsv, '--model', 'logistic', '--seed', '3', '--out', m2, '--json']);
    expect(r2.code).toBe(0);
    expect(readFileSync(m1, 'utf8')).toBe(readFileSync(m2, 'utf8'));

    const ev = await run(['evaluate', '--model', m1, '--data', synthCsv, '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    const e = JSON.parse(ev.stdout);
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['accuracy', 'macro_f1', 'weighted_f1', 'log_loss', 'n_rows', 'classes', 'confusion_matrix']));
    expect(e.n_rows).toBe(1500);
    expect(e.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(e.confusion_matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1500);

    const outCsv = join(dir, 'pred.csv');
    const pr = await run(['predict', '--model', m1, '--data', synthCsv, '--out', outCsv, '--batch-rows', '400']);
    expect(pr.code, pr.stderr).toBe(0);
    const lines = readFileSync(outCsv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ID,Segmentation,prob_A,prob_B,prob_C,prob_D');
    expect(lines).toHaveLength(1501);
    const first = lines[1].split(',');
    expect(first[0]).toBe(readFileSync(synthCsv, 'utf8').split('\n')[1].split(',')[0]);
    const probs = first.slice(2).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('prints a metrics table and classification report without --json', async () => {
    const r = await run(['train', '--data', synthCsv, '--out', join(dir, 'model3.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+0\.\d{4}/);
    expect(r.stdout).toMatch(/macro avg/);
    expect(r.stdout).toMatch(/^one split of \d+ rows: for a steadier estimate add --cv 5 --cv-repeats 10$/m);
    expect(r.stdout).toContain('wrote ');
  });

  it('predicts a file with an unseen category and warns instead of failing', async () => {
    const m = join(dir, 'model1.json');
    const p = write('unseen.csv', 'ID,Gender,Ever_Married,Age,Graduated,Profession,Work_Experience,Spending_Score,Family_Size,Var_1\n9,Male,Yes,40,Yes,Astronaut,2,Low,2,Cat_6\n');
    const outCsv = join(dir, 'unseen-pred.csv');
    const r = await run(['predict', '--model', m, '--data', p, '--out', outCsv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Profession=Astronaut');
    expect(readFileSync(outCsv, 'utf8').split('\n')[1]).toMatch(/^9,[ABCD],/);
  });

  it('ranks input columns by permutation importance', async () => {
    const r = await run(['importance', '--model', join(dir, 'model1.json'), '--data', synthCsv, '--repeats', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.importances.map((x: { feature: string }) => x.feature).sort()).toEqual(
      ['Age', 'Ever_Married', 'Family_Size', 'Gender', 'Graduated', 'Profession', 'Spending_Score', 'Var_1', 'Work_Experience'],
    );
    expect(j.importances[0].mean).toBeGreaterThan(0.01);
  });

  it('refuses a file that is not a model', async () => {
    expectUserError(await run(['evaluate', '--model', write('x.json', '{"a":1}'), '--data', synthCsv]), /^x\.json: not a custseg model/);
    expectUserError(await run(['predict', '--model', write('y.json', 'nope'), '--data', synthCsv, '--out', join(dir, 'o.csv')]), /^y\.json: not a JSON document/);
  });

  it('trains on synthetic customers when no --data is given', async () => {
    const r = await run(['train', '--out', join(dir, 'default.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n_rows).toBe(8000);
    expect(j.accuracy).toBeGreaterThan(0.35);
  });
});

describe('custseg train on any CSV', () => {
  it('infers the schema with --target and trains', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i},${(i * 7) % 13},${i % 3 === 0 ? 'red' : 'blue'},${i % 2 === 0 ? 'yes' : 'no'}`);
    const p = write('other.csv', `id,amount,colour,churned\n${rows.join('\n')}\n`);
    const m = join(dir, 'other.json');
    const r = await run(['train', '--data', p, '--target', 'churned', '--out', m, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).classes).toEqual(['no', 'yes']);
    const doc = JSON.parse(readFileSync(m, 'utf8'));
    expect(doc.signature.features.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual(['amount:numeric', 'colour:categorical']);
    expectUserError(await run(['train', '--data', p, '--target', 'nope']), 'other.csv: the target column nope is not in the header (id, amount, colour, churned)');
  });
});

describe('custseg synth', () => {
  it('writes the real schema, deterministically', async () => {
    const a = join(dir, 's1.csv');
    const b = join(dir, 's2.csv');
    expect((await run(['synth', '--rows', '200', '--seed', '1', '--out', a])).code).toBe(0);
    expect((await run(['synth', '--rows', '200', '--seed', '1', '--out', b])).code).toBe(0);
    const text = readFileSync(a, 'utf8');
    expect(text).toBe(readFileSync(b, 'utf8'));
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(201);
    expectUserError(await run(['synth', '--rows', '0', '--out', a]), /^custseg synth: --rows expects an integer from 1/);
  });
});

describe('custseg train --config', () => {
  it('trains the README example config, which is examples/pipeline-config.json', async () => {
    const example = join(ROOT, 'examples/pipeline-config.json');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(readme)![1];
    expect(JSON.parse(block)).toEqual(JSON.parse(readFileSync(example, 'utf8')));
    const r = await run(['train', '--data', synthCsv, '--config', example, '--out', join(dir, 'cfg.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).preset).toBeNull();
  });
});

describe('custseg search', () => {
  it('ranks a grid by cross-validation and writes the refitted best model', async () => {
    const grid = write('grid.json', '{"estimator.C": [0.01, 1]}');
    const m = join(dir, 'best.json');
    const r = await run(['search', '--data', synthCsv, '--grid', grid, '--cv', '3', '--out', m, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cv_results.params).toEqual([{ 'estimator.C': 0.01 }, { 'estimator.C': 1 }]);
    expect(j.best_score).toBe(Math.max(...j.cv_results.mean_test_score));
    expect(JSON.parse(readFileSync(m, 'utf8')).pipeline.estimator.params.C).toBe(j.best_params['estimator.C']);
    const text = await run(['search', '--data', synthCsv, '--grid', grid, '--n-iter', '2', '--cv', '2']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^2 candidates × 2 folds, scoring accuracy/);
    expectUserError(await run(['search', '--data', synthCsv, '--grid', write('bad-grid.json', '{"estimator.nope": [1]}')]), /^bad-grid\.json: .*estimator\.nope/);
  });
});

describe('custseg train --cv', () => {
  it('cross-validates on all rows and reports every fold', async () => {
    const r = await run(['train', '--data', synthCsv, '--cv', '3', '--out', join(dir, 'cv.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cv.folds).toBe(3);
    expect(j.cv.fold_accuracy).toHaveLength(3);
    expect(j.model_bytes).toBe(statSync(join(dir, 'cv.json')).size);
    expect(j.cv.mean_accuracy).toBeCloseTo(j.cv.fold_accuracy.reduce((a: number, b: number) => a + b, 0) / 3, 12);
    expectUserError(await run(['train', '--cv', '1']), /^custseg train: --cv expects an integer from 2 to 100/);
  });

  it('--cv-repeats: shuffled K-fold repeated R times, mean ± std over all folds, logged with the run', async () => {
    const env = { CUSTSEG_TRACKING_URI: mkdtempSync(join(tmpdir(), 'custseg-cli-repeats-')) };
    const r = await run(['train', '--data', synthCsv, '--cv', '3', '--cv-repeats', '2', '--out', join(dir, 'cvr.json'), '--json'], ROOT, env);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cv).toMatchObject({ folds: 6, repeats: 2 });
    expect(j.cv.fold_accuracy).toHaveLength(6);
    const once = JSON.parse((await run(['train', '--data', synthCsv, '--cv', '3', '--no-track', '--out', join(dir, 'cv1.json'), '--json'])).stdout);
    // The shuffled folds are not sklearn's unshuffled ones.
    expect(j.cv.fold_accuracy.slice(0, 3)).not.toEqual(once.cv.fold_accuracy);
    const shown = JSON.parse((await run(['runs', 'show', j.run_id, '--json'], ROOT, env)).stdout);
    const metrics = Object.fromEntries(shown.run.data.metrics.map((m: { key: string; value: number }) => [m.key, m.value]));
    expect(metrics.cv_mean_log_loss).toBeCloseTo(j.cv.mean_log_loss, 12);
    expect(metrics.cv_std_log_loss).toBeCloseTo(j.cv.std_log_loss, 12);
    const params = Object.fromEntries(shown.run.data.params.map((p: { key: string; value: string }) => [p.key, p.value]));
    expect(params).toMatchObject({ cv_folds: '3', cv_repeats: '2' });

    const text = await run(['train', '--data', synthCsv, '--cv', '2', '--cv-repeats', '2', '--no-track', '--out', join(dir, 'cvr2.json')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^wrote .*cvr2\\.json \\(${formatBytes(statSync(join(dir, 'cvr2.json')).size).replace('.', '\\.')}\\)$`, 'm'));
    expect(text.stdout).not.toMatch(/steadier estimate/);
    expect(text.stdout).toMatch(/^2-fold × 2 repeated \(shuffled, seed 42\) cross-validation on all rows: accuracy [\d.]+ ± [\d.]+, .*log loss [\d.]+ ± [\d.]+$/m);
    expectUserError(await run(['train', '--cv-repeats', '3']), /^custseg train: --cv-repeats needs --cv K/);
    expectUserError(await run(['train', '--cv', '2', '--cv-repeats', '0']), /^custseg train: --cv-repeats expects an integer from 1 to 100/);
  });
});

describe('tracking and registry from the CLI', () => {
  it('logs runs, registers versions, promotes and rolls back aliases, and resolves models:/ URIs', async () => {
    const env = { CUSTSEG_TRACKING_URI: mkdtempSync(join(tmpdir(), 'custseg-cli-registry-')) };
    const r1 = await run(['train', '--data', synthCsv, '--cv', '2', '--register', 'segments', '--run-name', 'first', '--out', join(dir, 'r1.json'), '--json'], ROOT, env);
    expect(r1.code, r1.stderr).toBe(0);
    const j1 = JSON.parse(r1.stdout);
    expect(j1.registered).toEqual({ name: 'segments', version: '1' });
    const r2 = await run(['train', '--data', synthCsv, '--model', 'ovr-logistic', '--register', 'segments', '--run-name', 'second', '--out', join(dir, 'r2.json'), '--json'], ROOT, env);
    expect(r2.code, r2.stderr).toBe(0);
    const j2 = JSON.parse(r2.stdout);
    expect(j2.registered.version).toBe('2');

    const shown = JSON.parse((await run(['runs', 'show', j1.run_id, '--json'], ROOT, env)).stdout);
    expect(shown.run.info.status).toBe('FINISHED');
    const metrics = Object.fromEntries(shown.run.data.metrics.map((m: { key: string; value: number }) => [m.key, m.value]));
    expect(metrics.accuracy).toBeCloseTo(j1.accuracy, 12);
    expect(metrics.cv_mean_accuracy).toBeCloseTo(j1.cv.mean_accuracy, 12);
    const params = Object.fromEntries(shown.run.data.params.map((p: { key: string; value: string }) => [p.key, p.value]));
    expect(params).toMatchObject({ preset: 'logistic', seed: '42', 'estimator.type': 'LogisticRegression', 'estimator.C': '1' });
    expect(shown.artifacts.sort()).toEqual(
      ['classification_report.txt', 'confusion_matrix.json', 'confusion_matrix.svg', 'data_profile.json', 'data_report.html', 'model/MLmodel', 'model/input_example.json', 'model/model.json'].sort(),
    );

    // the held-out confusion matrix as data too (rows = true class), for the web app
    const cm = JSON.parse(readFileSync(join(fileURLToPath(shown.run.info.artifact_uri), 'confusion_matrix.json'), 'utf8'));
    expect(cm.classes).toEqual(j1.classes);
    expect(cm.matrix).toEqual(j1.confusion_matrix);

    const listed = await run(['runs', 'list', '--order-by', 'attributes.start_time ASC'], ROOT, env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/first[\s\S]*second/);
    const cmp = await run(['runs', 'compare', j1.run_id, j2.run_id], ROOT, env);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toMatch(/^\* estimator\.type\s+LogisticRegression\s+OneVsRestClassifier/m);

    expect((await run(['models', 'promote', 'segments', '1', '--alias', 'champion'], ROOT, env)).code).toBe(0);
    const promoted = await run(['models', 'promote', 'segments', '2', '--alias', 'champion'], ROOT, env);
    expect(promoted.stdout.trim()).toBe('segments@champion → version 2 (was 1)');
    const ev2 = JSON.parse((await run(['evaluate', '--model', 'models:/segments@champion', '--data', synthCsv, '--json'], ROOT, env)).stdout);
    const evFile2 = JSON.parse((await run(['evaluate', '--model', join(dir, 'r2.json'), '--data', synthCsv, '--json'], ROOT, env)).stdout);
    expect(ev2.accuracy).toBe(evFile2.accuracy);
    const back = await run(['models', 'promote', 'segments', '--alias', 'rollback'], ROOT, env);
    expect(back.stdout.trim()).toBe('segments@champion → version 1 (was 2)');
    const show = await run(['models', 'show', 'segments'], ROOT, env);
    expect(show.stdout).toMatch(/^1\s+champion\s+READY/m);
    expectUserError(await run(['models', 'promote', 'segments', '--alias', 'rollback'], ROOT, env), 'custseg models: segments@champion has no earlier version to roll back to');
    expectUserError(await run(['evaluate', '--model', 'models:/segments@nope', '--data', synthCsv], ROOT, env), /nope/);
    expectUserError(await run(['models', 'promote', 'segments', '9'], ROOT, env), /9/);
  });

  it('marks the run KILLED when training is interrupted with Ctrl-C', async () => {
    const env = { CUSTSEG_TRACKING_URI: mkdtempSync(join(tmpdir(), 'custseg-cli-kill-')) };
    // Enough data that 5-fold CV of the seed forest takes seconds, far longer than the interrupt takes to arrive.
    const big = join(dir, 'big.csv');
    expect((await run(['synth', '--rows', '8000', '--seed', '3', '--out', big])).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'train', '--data', big, '--model', 'seed', '--cv', '5', '--out', join(dir, 'killed.json')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until the run exists (it is created before training starts), then interrupt.
    let runId: string | undefined;
    for (let i = 0; i < 100 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const listed = await run(['runs', 'list', '--json'], ROOT, env);
      if (listed.code === 0) runId = JSON.parse(listed.stdout).runs?.[0]?.info.run_id;
    }
    expect(runId).toBeDefined();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const shown = JSON.parse((await run(['runs', 'show', runId!, '--json'], ROOT, env)).stdout);
    expect(shown.run.info.status).toBe('KILLED');
    expect(shown.run.info.end_time).toBeGreaterThan(0);
  });

  it('--no-track logs nothing', async () => {
    const store = mkdtempSync(join(tmpdir(), 'custseg-cli-notrack-'));
    const r = await run(['train', '--data', synthCsv, '--no-track', '--out', join(dir, 'nt.json'), '--json'], ROOT, { CUSTSEG_TRACKING_URI: join(store, 'sub') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).run_id).toBeNull();
    expect(existsSync(join(store, 'sub'))).toBe(false);
  });
});

describe('custseg tracking serve', () => {
  it('serves the MLflow REST API that train, runs and models use over HTTP, and stops on SIGTERM', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'custseg-cli-server-'));
    const child = spawn(process.execPath, [BIN, 'tracking', 'serve', '--port', '0', '--backend-store-uri', storeDir], { cwd: ROOT });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const env = { CUSTSEG_TRACKING_URI: url };
      const r = await run(['train', '--data', synthCsv, '--register', 'remote', '--out', join(dir, 'remote.json'), '--json'], ROOT, env);
      expect(r.code, r.stderr).toBe(0);
      const { run_id } = JSON.parse(r.stdout);
      const shown = JSON.parse((await run(['runs', 'show', run_id, '--json'], ROOT, env)).stdout);
      expect(shown.artifacts).toContain('model/model.json');
      const list = JSON.parse((await run(['models', 'list', '--json'], ROOT, env)).stdout);
      expect(list.registered_models.map((m: { name: string }) => m.name)).toEqual(['remote']);
      const ev = await run(['evaluate', '--model', 'models:/remote/1', '--data', synthCsv, '--json'], ROOT, env);
      expect(ev.code, ev.stderr).toBe(0);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe('custseg serve', () => {
  it('serves a model file over HTTP and stops on SIGTERM with exit 0', async () => {
    const model = join(dir, 'model1.json');
    const child = spawn(process.execPath, [BIN, 'serve', '--model', model, '--host', '127.0.0.1', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, CUSTSEG_ACCESS_LOG: 'false', CUSTSEG_LOG_LEVEL: 'warn', CUSTSEG_TRACKING_URI: TRACKING_DIR },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /on (http:\/\/[\d.]+:\d+)/.exec(err);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const r = await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ID: '7', Gender: 'Female', Ever_Married: 'No', Age: 25, Graduated: 'Yes', Profession: 'Artist', Work_Experience: 1, Spending_Score: 'Low', Family_Size: 2, Var_1: 'Cat_6' }),
      });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { ID: string; segment: string };
      expect(body.ID).toBe('7');
      expect(['A', 'B', 'C', 'D']).toContain(body.segment);
      const bad = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Age": "old"}' });
      expect(bad.status).toBe(400);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe.skipIf(!HAS_REAL)('custseg on the real train.csv', () => {
  it('logistic reaches the reference accuracy band on held-out customers', async () => {
    const r = await run(['train', '--data', REAL_TRAIN, '--model', 'logistic', '--out', join(dir, 'real.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.n_rows).toBe(6454);
    expect(j.accuracy).toBeGreaterThan(0.44);
    expect(j.log_loss).toBeLessThan(1.2);
  });
});

describe('formatBytes', () => {
  it('reads as a file size in decimal units', () => {
    expect([0, 999, 1000, 1234, 45_678, 999_499, 999_500, 6_028_000, 2_500_000_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.0 KB',
      '1.2 KB',
      '46 KB',
      '999 KB',
      '1.0 MB',
      '6.0 MB',
      '2.5 GB',
    ]);
  });
});
