import { getPreset, parseCsvText, synthCsvChunks, trainModel, type ModelDocument } from '@custseg/ml';

/** A small model trained in-process on synthetic customers, for tests that need a real model file. */
export function trainSmallModel(seed = 1, rows = 1500): ModelDocument {
  const dataset = parseCsvText([...synthCsvChunks({ rows, seed })].join(''), { requireTarget: true });
  return trainModel({ dataset, dataFile: 'synth.csv', config: getPreset('logistic').build(dataset.schema, seed), preset: 'logistic', seed, testSize: 0.2 }).model;
}

/** One customer with every feature, as POST /v1/predict takes it. */
export const ONE_CUSTOMER = {
  Gender: 'Male',
  Ever_Married: 'Yes',
  Age: 40,
  Graduated: 'Yes',
  Profession: 'Artist',
  Work_Experience: 2,
  Spending_Score: 'Average',
  Family_Size: 3,
  Var_1: 'Cat_6',
};
