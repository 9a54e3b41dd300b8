import { argmaxRows, classificationReport, evaluateClassification, readCsvFile } from '@custseg/ml';
import { loadModelArg } from '../tracking/store.js';
import { labelsForModel } from '../util/labels.js';
import { parseCommandArgs, requireOption } from '../util/args.js';
import { out } from '../util/output.js';
import { metricsTable } from './train.js';

export const EVALUATE_HELP = `Usage: custseg evaluate --model MODEL --data CSV [--json]

Scores a labelled file with a model and prints its metrics and classification report.

Options:
  --model MODEL   a model file, or models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model
  --data CSV      labelled data with the model's columns and target
  --json          print one JSON object: accuracy, macro_f1, weighted_f1, log_loss, n_rows, classes,
                  confusion_matrix (rows = true class), roc_auc_ovr, per_class
  -h, --help      this help
`;

export async function evaluateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('evaluate', argv, { model: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    out(EVALUATE_HELP);
    return 0;
  }
  const modelPath = requireOption('evaluate', values.model, 'model');
  const dataPath = requireOption('evaluate', values.data, 'data');
  const model = await loadModelArg(modelPath);
  const ds = await readCsvFile(dataPath, { schema: model.schema, requireTarget: true });
  const classes = model.signature.classes;
  const yTrue = labelsForModel(ds, model, dataPath);
  const proba = model.pipeline.predictProba(ds.frame, { unseen: { add() {} } });
  const m = evaluateClassification(yTrue, proba, classes);
  if (values.json) {
    out(
      JSON.stringify({
        accuracy: m.accuracy,
        macro_f1: m.macro_f1,
        weighted_f1: m.weighted_f1,
        log_loss: m.log_loss,
        roc_auc_ovr: m.roc_auc_ovr,
        n_rows: m.n_rows,
        classes,
        confusion_matrix: m.confusion_matrix,
        per_class: m.per_class,
      }),
    );
    return 0;
  }
  out(`${dataPath}: ${m.n_rows} rows scored with ${modelPath}\n`);
  out(metricsTable(m));
  out(classificationReport(yTrue, argmaxRows(proba, m.n_rows, classes.length), classes, { digits: 3 }));
  return 0;
}
