import { UserError, type Dataset, type LoadedModel } from '@custseg/ml';

/** The file's labels as indices into the model's classes; a class the model does not know is a user error. */
export function labelsForModel(ds: Dataset, model: LoadedModel, dataPath: string): Int32Array {
  if (!ds.labels || ds.frame.nRows === 0) throw new UserError(`${dataPath}: no labelled rows`);
  const classes = model.signature.classes;
  const index = new Map(classes.map((c, k) => [c, k] as const));
  const yTrue = new Int32Array(ds.labels.codes.length);
  for (let i = 0; i < yTrue.length; i++) {
    const name = ds.labels.classes[ds.labels.codes[i]];
    const k = index.get(name);
    if (k === undefined) {
      throw new UserError(`${dataPath} line ${ds.lines[i]}, column ${model.signature.target}: class "${name}" is not one the model knows (${classes.join(', ')})`);
    }
    yTrue[i] = k;
  }
  return yTrue;
}
