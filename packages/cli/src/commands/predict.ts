import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { argmaxRows, readCsvBatches, tempPathFor, UserError } from '@custseg/ml';
import { loadModelArg } from '../tracking/store.js';
import { parseCommandArgs, requireOption } from '../util/args.js';
import { info, out, progress, progressDone } from '../util/output.js';

export const PREDICT_HELP = `Usage: custseg predict --model MODEL --data CSV --out OUT.csv [--batch-rows 10000]

Scores every row of a CSV (labels not needed) and writes the ID, the predicted class and one probability
column per class. Streams in batches, so files of millions of rows run in bounded memory. Categories the
model never saw are scored as "unknown" and counted in a warning.

Options:
  --model MODEL       a model file, or models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model
  --data CSV          rows to score, with the model's feature columns (ID kept when present)
  --out FILE          output CSV (written atomically: a temp file renamed when complete)
  --batch-rows N      rows per batch (default 10000)
  -h, --help          this help
`;

export async function predictCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('predict', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    'batch-rows': { type: 'string' },
  });
  if (values.help) {
    out(PREDICT_HELP);
    return 0;
  }
  const modelPath = requireOption('predict', values.model, 'model');
  const dataPath = requireOption('predict', values.data, 'data');
  const outPath = resolve(requireOption('predict', values.out, 'out'));
  const batchRows = values['batch-rows'] === undefined ? 10_000 : Number(values['batch-rows']);
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new UserError(`custseg predict: --batch-rows expects a positive integer, got "${values['batch-rows']}"`);
  const model = await loadModelArg(modelPath);
  const { signature, pipeline } = model;
  const classes = signature.classes;
  const k = classes.length;

  const tmp = tempPathFor(outPath);
  const file = createWriteStream(tmp);
  const csv = stringify();
  csv.pipe(file);
  let rows = 0;
  let hasIds: boolean | null = null;
  const unseen = new Map<string, number>();
  try {
    for await (const batch of readCsvBatches(dataPath, model.schema, batchRows)) {
      for (const w of batch.warnings) info(`warning: ${w}`);
      if (hasIds === null) {
        hasIds = batch.ids !== undefined;
        csv.write([...(hasIds ? [signature.id!] : []), signature.target, ...classes.map((c) => `prob_${c}`)]);
      }
      const proba = pipeline.predictProba(batch.frame, {
        unseen: { add: (variable, value) => unseen.set(`${variable}=${value}`, (unseen.get(`${variable}=${value}`) ?? 0) + 1) },
      });
      const pred = argmaxRows(proba, batch.frame.nRows, k);
      for (let i = 0; i < batch.frame.nRows; i++) {
        const record: (string | number)[] = hasIds ? [batch.ids![i] ?? ''] : [];
        record.push(classes[pred[i]]);
        for (let j = 0; j < k; j++) record.push(roundProb(proba[i * k + j]));
        // Respect back-pressure so memory stays bounded on huge files.
        if (!csv.write(record)) await new Promise<void>((r) => csv.once('drain', () => r()));
      }
      rows += batch.frame.nRows;
      progress(`scored ${rows} rows`);
    }
    csv.end();
    await finished(file);
    await rename(tmp, outPath);
  } catch (e) {
    csv.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  progressDone();
  if (unseen.size > 0) {
    const total = [...unseen.values()].reduce((a, b) => a + b, 0);
    const list = [...unseen.entries()].slice(0, 5).map(([v, c]) => `${v} (${c})`).join(', ');
    info(`warning: ${total} values were categories the model never saw, scored as unknown: ${list}${unseen.size > 5 ? ', ...' : ''}`);
  }
  info(`wrote ${rows} predictions to ${outPath}`);
  return 0;
}

/** Six decimals keep files small and are far below any probability's meaningful precision. */
function roundProb(p: number): string {
  return p.toFixed(6);
}
