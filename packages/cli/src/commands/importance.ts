import { permutationImportance, readCsvFile, SCORING_NAMES, UserError, type ScoringName } from '@custseg/ml';
import { loadModelArg } from '../tracking/store.js';
import { intOption, parseCommandArgs, requireOption } from '../util/args.js';
import { labelsForModel } from '../util/labels.js';
import { fmt, out, progress, progressDone } from '../util/output.js';

export const IMPORTANCE_HELP = `Usage: custseg importance --model MODEL --data CSV [--repeats 5] [--seed N] [--scoring accuracy] [--json]

Permutation importance of each input column (scikit-learn's permutation_importance on the whole pipeline):
how much the score drops when that column's values are shuffled across rows. Works for any model; use
held-out data for an honest figure.

Options:
  --model MODEL   a model file, or models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model
  --data CSV      labelled data with the model's columns
  --repeats N     shuffles per column (default 5)
  --seed N        seed of the shuffles (default 42)
  --scoring NAME  ${SCORING_NAMES.join(' | ')} (default accuracy)
  --json          print {baseline_score, scoring, importances: [{feature, mean, std}]} sorted by mean
  -h, --help      this help
`;

export async function importanceCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('importance', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    repeats: { type: 'string' },
    seed: { type: 'string' },
    scoring: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    out(IMPORTANCE_HELP);
    return 0;
  }
  const modelPath = requireOption('importance', values.model, 'model');
  const dataPath = requireOption('importance', values.data, 'data');
  const nRepeats = intOption('importance', values.repeats, 'repeats', 5, 1, 1000);
  const seed = intOption('importance', values.seed, 'seed', 42);
  const scoring = (values.scoring ?? 'accuracy') as ScoringName;
  if (!SCORING_NAMES.includes(scoring)) throw new UserError(`custseg importance: --scoring expects one of ${SCORING_NAMES.join(', ')}, got "${values.scoring}"`);
  const model = await loadModelArg(modelPath);
  const ds = await readCsvFile(dataPath, { schema: model.schema, requireTarget: true });
  const codes = labelsForModel(ds, model, dataPath);
  progress('computing permutation importance');
  const r = permutationImportance(model.pipeline, ds.frame, { codes, classes: model.signature.classes }, { nRepeats, seed, scoring });
  progressDone();
  const rows = r.columns.map((feature, j) => ({ feature, mean: r.importancesMean[j], std: r.importancesStd[j] })).sort((a, b) => b.mean - a.mean);
  if (values.json) {
    out(JSON.stringify({ baseline_score: r.baselineScore, scoring: r.scoring, n_repeats: nRepeats, importances: rows }));
    return 0;
  }
  out(`${scoring} of ${modelPath} on ${dataPath}: ${fmt(r.baselineScore)}; drop when a column is shuffled (${nRepeats} repeats):\n`);
  const width = Math.max(...rows.map((x) => x.feature.length));
  for (const x of rows) out(`  ${x.feature.padEnd(width)}  ${fmt(x.mean)} ± ${fmt(x.std)}`);
  return 0;
}
