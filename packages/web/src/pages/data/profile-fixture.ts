import type { DataProfile } from './profile-api';

/** A small profile as the server sends it (custseg eda on 10 customers), for component tests. */
export function profileFixture({ drift = false, source = 'customers.csv' }: { drift?: boolean; source?: string } = {}): DataProfile {
  return {
    format: 'custseg-data-profile',
    format_version: 1,
    source,
    overview: { rows: 10, columns: 5, duplicate_ids: 0, duplicate_rows: 1, memory_bytes: 420, missing_cells: 2, missing_cells_pct: 4 },
    columns: [
      { name: 'ID', type: 'numeric', role: 'id', count: 10, missing: 0, missing_pct: 0, distinct: 10, distinct_is_lower_bound: false },
      {
        name: 'Gender',
        type: 'categorical',
        role: 'feature',
        count: 10,
        missing: 0,
        missing_pct: 0,
        distinct: 2,
        distinct_is_lower_bound: false,
        categorical: { frequencies: [{ value: 'Male', count: 6, share: 0.6 }, { value: 'Female', count: 4, share: 0.4 }], rare_labels: [], truncated: false },
      },
      {
        name: 'Age',
        type: 'numeric',
        role: 'feature',
        count: 9,
        missing: 1,
        missing_pct: 10,
        distinct: 8,
        distinct_is_lower_bound: false,
        numeric: {
          min: 19,
          max: 89,
          mean: 41.2,
          std: 20.1,
          median: 36,
          quantiles: { '0.01': 19.4, '0.05': 21, '0.1': 23, '0.25': 28, '0.5': 36, '0.75': 52, '0.9': 71, '0.95': 80, '0.99': 87.2 },
          quantiles_exact: true,
          histogram: [
            { lo: 19, hi: 36.5, count: 5 },
            { lo: 36.5, hi: 54, count: 2 },
            { lo: 54, hi: 71.5, count: 1 },
            { lo: 71.5, hi: 89, count: 1 },
          ],
          outliers: { lower_fence: 2, upper_fence: 88, low: 0, high: 1 },
        },
      },
      {
        name: 'Profession',
        type: 'categorical',
        role: 'feature',
        count: 9,
        missing: 1,
        missing_pct: 10,
        distinct: 3,
        distinct_is_lower_bound: false,
        categorical: {
          frequencies: [
            { value: 'Artist', count: 5, share: 0.5555555555555556 },
            { value: 'Doctor', count: 3, share: 0.3333333333333333 },
            { value: 'Pilot', count: 1, share: 0.1111111111111111 },
          ],
          rare_labels: [],
          truncated: false,
        },
      },
      {
        name: 'Segmentation',
        type: 'categorical',
        role: 'target',
        count: 10,
        missing: 0,
        missing_pct: 0,
        distinct: 2,
        distinct_is_lower_bound: false,
        categorical: { frequencies: [{ value: 'A', count: 7, share: 0.7 }, { value: 'B', count: 3, share: 0.3 }], rare_labels: [], truncated: false },
      },
    ],
    target: {
      name: 'Segmentation',
      classes: ['A', 'B'],
      counts: [7, 3],
      missing: 0,
      relations: [
        {
          feature: 'Profession',
          grouping: 'categories',
          cramers_v: 0.612,
          mutual_info: 0.21,
          rank: 1,
          groups: [
            { label: 'Artist', counts: [5, 0] },
            { label: 'Doctor', counts: [1, 2] },
            { label: 'Pilot', counts: [1, 0] },
            { label: '(missing)', counts: [0, 1] },
          ],
        },
        {
          feature: 'Age',
          grouping: 'deciles',
          cramers_v: 0.35,
          mutual_info: 0.12,
          rank: 2,
          groups: [
            { label: '[19, 30]', counts: [3, 1] },
            { label: '(30, 89]', counts: [4, 1] },
            { label: '(missing)', counts: [0, 1] },
          ],
        },
        { feature: 'Gender', grouping: 'categories', cramers_v: 0.02, mutual_info: 0.001, rank: 3, groups: [{ label: 'Male', counts: [4, 2] }, { label: 'Female', counts: [3, 1] }] },
      ],
    },
    missingness: {
      missing_cells: 2,
      rows_with_missing: 2,
      patterns: [
        { columns: ['Age'], count: 1 },
        { columns: ['Profession'], count: 1 },
      ],
      together: [{ a: 'Age', b: 'Profession', both: 0, correlation: -0.111 }],
      vs_target: [
        { column: 'Age', missing_counts: [0, 1], present_counts: [7, 2], cramers_v: 0.509 },
        { column: 'Profession', missing_counts: [0, 1], present_counts: [7, 2], cramers_v: 0.509 },
      ],
    },
    correlations: { columns: ['ID', 'Age'], matrix: [[1, -0.2], [-0.2, 1]] },
    drift: drift
      ? {
          reference: 'train.csv',
          current: source,
          reference_rows: 8068,
          current_rows: 10,
          features: [
            { feature: 'Gender', psi: 0.004, flag: 'stable', bins: [{ label: 'Male', reference: 4417, current: 6 }, { label: 'Female', reference: 3651, current: 4 }] },
            {
              feature: 'Age',
              psi: 0.31,
              flag: 'major',
              bins: [
                { label: '< 30', reference: 2000, current: 5 },
                { label: '≥ 30', reference: 6068, current: 4 },
                { label: '(missing)', reference: 0, current: 1 },
              ],
            },
            { feature: 'Profession', psi: 0.14, flag: 'moderate', bins: [{ label: 'Artist', reference: 2516, current: 5 }, { label: 'Doctor', reference: 688, current: 3 }, { label: 'Pilot', reference: 0, current: 1 }] },
          ],
        }
      : null,
    warnings: drift
      ? ['1 rows are exact duplicates of an earlier row (ID aside).', 'Age has shifted a lot between train.csv and customers.csv (PSI 0.310).']
      : ['1 rows are exact duplicates of an earlier row (ID aside).', 'Age is missing in 10% of rows.', 'Gender shows almost no relation to Segmentation (Cramér\'s V 0.020).'],
  };
}
