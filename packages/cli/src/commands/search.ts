import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  CUSTOMER_SEGMENTATION_SCHEMA,
  getPreset,
  gridSearchCV,
  randomizedSearchCV,
  readCsvFile,
  readPipelineConfig,
  saveModel,
  SCORING_NAMES,
  trainModel,
  UserError,
  type PipelineConfig,
  type ScoringName,
  type SearchResult,
} from '@custseg/ml';
import { intOption, parseCommandArgs, requireOption } from '../util/args.js';
import { fmt, info, out, progress, progressDone } from '../util/output.js';

export const SEARCH_HELP = `Usage: custseg search --data CSV --grid FILE [--model PRESET | --config FILE] [--n-iter N] [--cv 5]
                      [--scoring accuracy] [--target COL] [--seed N] [--out MODEL.json] [--json]

Hyper-parameter search with stratified K-fold cross-validation (scikit-learn's GridSearchCV, or
RandomizedSearchCV with --n-iter), over the parameters of a preset or a pipeline config. Prints the
candidates ranked by mean score; with --out, refits the best candidate on all rows and writes that model.

The grid file is JSON: keys address the pipeline ("estimator.C", "estimator.estimator.maxDepth" inside
OneVsRest, "steps.2.topCategories" by index, "steps.OneHotEncoder.topCategories" by type), values are lists
(grid) or, with --n-iter, lists or distributions {"uniform": [lo, hi]}, {"loguniform": [lo, hi]},
{"randint": [lo, hiExclusive]}. A list of such objects searches each in turn.
Example: {"estimator.C": [0.01, 0.1, 1, 10]}

Options:
  --data CSV         labelled data
  --grid FILE        the parameters to search (JSON)
  --model PRESET     the pipeline to start from (default logistic); or --config FILE
  --n-iter N         randomized search with N draws instead of the full grid
  --cv K             folds (default 5)
  --scoring NAME     ${SCORING_NAMES.join(' | ')} (default accuracy)
  --target COL       target of any CSV (schema inferred), as in custseg train
  --seed N           seed of the random draws and of the model (default 42)
  --out FILE         refit the best candidate on all rows and write it
  --json             print {best_params, best_score, best_index, cv_results, model} as one JSON object
  -h, --help         this help
`;

export async function searchCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('search', argv, {
    data: { type: 'string' },
    grid: { type: 'string' },
    model: { type: 'string' },
    config: { type: 'string' },
    'n-iter': { type: 'string' },
    cv: { type: 'string' },
    scoring: { type: 'string' },
    target: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    out(SEARCH_HELP);
    return 0;
  }
  const dataPath = requireOption('search', values.data, 'data');
  const gridPath = requireOption('search', values.grid, 'grid');
  if (values.model !== undefined && values.config !== undefined) throw new UserError('custseg search: give either --model or --config, not both');
  const seed = intOption('search', values.seed, 'seed', 42);
  const cv = intOption('search', values.cv, 'cv', 5, 2, 100);
  const nIter = values['n-iter'] === undefined ? undefined : intOption('search', values['n-iter'], 'n-iter', 10, 1, 100_000);
  const scoring = (values.scoring ?? 'accuracy') as ScoringName;
  if (!SCORING_NAMES.includes(scoring)) throw new UserError(`custseg search: --scoring expects one of ${SCORING_NAMES.join(', ')}, got "${values.scoring}"`);
  const grid = await readGrid(gridPath);
  const presetName = values.config !== undefined ? null : (values.model ?? 'logistic');
  const fileConfig = values.config !== undefined ? await readPipelineConfig(values.config) : null;

  const dataset = await readCsvFile(
    dataPath,
    values.target === undefined ? { schema: CUSTOMER_SEGMENTATION_SCHEMA, requireTarget: true } : { target: values.target, requireTarget: true },
  );
  for (const w of dataset.warnings) info(`warning: ${w}`);
  if (!dataset.labels) throw new UserError(`${basename(dataPath)}: no labelled rows`);
  const config: PipelineConfig = fileConfig ?? getPreset(presetName!).build(dataset.schema, seed);

  const common = {
    config,
    frame: dataset.frame,
    labels: dataset.labels,
    cv,
    scoring,
    refit: false,
    seed,
    onProgress: (done: number, total: number, message: string) => progress(`search ${done}/${total}: ${message}`),
  };
  let result: SearchResult;
  try {
    result =
      nIter === undefined
        ? gridSearchCV({ ...common, paramGrid: grid as never })
        : randomizedSearchCV({ ...common, paramDistributions: grid as never, nIter });
  } catch (e) {
    // Keys and values come from the grid file: name it.
    throw e instanceof UserError ? new UserError(`${basename(gridPath)}: ${e.message}`) : e;
  }
  progressDone();
  for (const w of result.warnings) info(`warning: ${w}`);

  let modelPath: string | null = null;
  if (values.out !== undefined) {
    modelPath = resolve(values.out);
    const trained = trainModel({ dataset, dataFile: dataPath, config: result.bestConfig, preset: presetName, seed, testSize: 0 });
    await saveModel(modelPath, trained.model);
  }

  const r = result.cvResults;
  if (values.json) {
    out(JSON.stringify({ best_params: result.bestParams, best_score: result.bestScore, best_index: result.bestIndex, scoring, n_splits: result.nSplits, cv_results: r, model: modelPath }));
    return 0;
  }
  const order = r.rank_test_score.map((rank, i) => ({ rank, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  out(`${r.params.length} candidates × ${result.nSplits} folds, scoring ${scoring}\n`);
  out('rank  mean      std     fit s   params');
  for (const { rank, i } of order) {
    const params = Object.entries(r.params[i]).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    out(`${String(rank).padStart(4)}  ${fmt(r.mean_test_score[i])}  ${fmt(r.std_test_score[i])}  ${fmt(r.mean_fit_time[i], 3)}  ${params}`);
  }
  out(`\nbest: ${JSON.stringify(result.bestParams)} (mean ${scoring} ${fmt(result.bestScore)})`);
  if (modelPath) out(`wrote ${modelPath} (best candidate refitted on all ${dataset.frame.nRows} rows)`);
  return 0;
}

async function readGrid(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`${basename(path)}: no such grid file`);
  }
  let grid: unknown;
  try {
    grid = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${basename(path)}: not valid JSON (${(e as Error).message})`);
  }
  const isObject = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!(isObject(grid) || (Array.isArray(grid) && grid.length > 0 && grid.every(isObject)))) {
    throw new UserError(`${basename(path)}: expected an object of parameter keys (or a list of them), e.g. {"estimator.C": [0.1, 1, 10]}`);
  }
  return grid;
}
