import type { ModelInfo } from '../api/client';

/** A GET /v1/model answer for the customer-segmentation schema, as a real server gives it. */
export function modelInfoFixture(version = '1'): ModelInfo {
  const cat = (name: string, categories: string[], optional: boolean) => ({ name, type: 'categorical' as const, optional, categories });
  const num = (name: string, min: number, max: number, training_min: number, training_max: number, optional: boolean) => ({
    name,
    type: 'numeric' as const,
    optional,
    min,
    max,
    training_min,
    training_max,
  });
  return {
    name: 'customer-segmentation',
    version,
    alias: 'champion',
    run_id: 'a1b2c3',
    source: 'models:/customer-segmentation@champion',
    loaded_at: '2026-11-26T12:00:00.000Z',
    classes: ['A', 'B', 'C', 'D'],
    target: 'Segmentation',
    metrics: { accuracy: 0.51, log_loss: 1.08 },
    run_metrics: { accuracy: 0.51 },
    training: { preset: 'best', seed: 42, library_version: '0.1.0', rows: 8068, file: 'train.csv', sha256: 'abc', class_counts: { A: 1972, B: 1858, C: 1970, D: 2268 } },
    input_schema: {
      schema: 'customer-segmentation',
      id_field: 'ID',
      unknown_fields: 'reject',
      max_batch_rows: 10000,
      fields: [
        cat('Gender', ['Female', 'Male'], false),
        cat('Ever_Married', ['No', 'Yes'], true),
        num('Age', 0, 120, 18, 89, false),
        cat('Graduated', ['No', 'Yes'], true),
        cat('Profession', ['Artist', 'Doctor', 'Engineer', 'Entertainment', 'Executive', 'Healthcare', 'Homemaker', 'Lawyer', 'Marketing'], true),
        num('Work_Experience', 0, 80, 0, 14, true),
        cat('Spending_Score', ['Average', 'High', 'Low'], false),
        num('Family_Size', 1, 30, 1, 9, true),
        cat('Var_1', ['Cat_1', 'Cat_2', 'Cat_3', 'Cat_4', 'Cat_5', 'Cat_6', 'Cat_7'], true),
      ],
    },
  };
}
