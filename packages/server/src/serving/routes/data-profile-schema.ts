// The JSON schema of a data profile (DataProfile in @custseg/ml's eda/types.ts, format custseg-data-profile v1),
// for the OpenAPI document of GET /v1/model/profile and POST /v1/profile, and so for the web app's generated
// client types. Responses are sent as JSON text, so this describes them without filtering them.

const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const nullableNum = { type: 'number', nullable: true } as const;
const strArray = { type: 'array', items: str } as const;
const numArray = { type: 'array', items: num } as const;

const numericStats = {
  type: 'object',
  description: 'Statistics of a numeric column (null when it has no present value)',
  required: ['min', 'max', 'mean', 'std', 'median', 'quantiles', 'quantiles_exact', 'histogram', 'outliers'],
  properties: {
    min: nullableNum,
    max: nullableNum,
    mean: nullableNum,
    std: { type: 'number', nullable: true, description: 'Sample standard deviation (ddof = 1, as pandas); null below two values' },
    median: nullableNum,
    quantiles: {
      type: 'object',
      additionalProperties: nullableNum,
      description: 'Level ("0.01" … "0.99") → quantile, pandas linear interpolation',
    },
    quantiles_exact: { type: 'boolean', description: 'False when the column had too many distinct values and quantiles come from a bounded sample' },
    histogram: {
      type: 'array',
      description: 'Equal-width bins over [min, max] (numpy.histogram), at most 20',
      items: { type: 'object', required: ['lo', 'hi', 'count'], properties: { lo: num, hi: num, count: int } },
    },
    outliers: {
      type: 'object',
      description: "Tukey's rule: values below Q1 − 1.5·IQR or above Q3 + 1.5·IQR",
      required: ['lower_fence', 'upper_fence', 'low', 'high'],
      properties: { lower_fence: nullableNum, upper_fence: nullableNum, low: int, high: int },
    },
  },
} as const;

const categoricalStats = {
  type: 'object',
  required: ['frequencies', 'rare_labels', 'truncated'],
  properties: {
    frequencies: {
      type: 'array',
      description: 'Every category by count (descending, then by value); share is of the present values',
      items: { type: 'object', required: ['value', 'count', 'share'], properties: { value: str, count: int, share: num } },
    },
    rare_labels: { type: 'array', items: str, description: 'Categories under 5% of the present values' },
    truncated: { type: 'boolean', description: 'True when the column had more distinct values than were tracked' },
  },
} as const;

const column = {
  type: 'object',
  required: ['name', 'type', 'role', 'count', 'missing', 'missing_pct', 'distinct', 'distinct_is_lower_bound'],
  properties: {
    name: str,
    type: { type: 'string', enum: ['numeric', 'categorical'] },
    role: { type: 'string', enum: ['feature', 'id', 'target'] },
    count: { type: 'integer', description: 'Present (non-missing) values' },
    missing: int,
    missing_pct: num,
    distinct: int,
    distinct_is_lower_bound: bool,
    numeric: numericStats,
    categorical: categoricalStats,
  },
} as const;

const relation = {
  type: 'object',
  required: ['feature', 'grouping', 'cramers_v', 'mutual_info', 'rank', 'groups'],
  properties: {
    feature: str,
    grouping: { type: 'string', enum: ['categories', 'deciles'], description: 'Categories, or deciles of a numeric feature (pandas qcut)' },
    cramers_v: num,
    mutual_info: { type: 'number', description: 'Mutual information in nats' },
    rank: { type: 'integer', description: '1 = strongest relation to the target' },
    groups: {
      type: 'array',
      description: 'Class counts (in target.classes order) per group; missing values form the group "(missing)"',
      items: { type: 'object', required: ['label', 'counts'], properties: { label: str, counts: numArray } },
    },
  },
} as const;

const target = {
  type: 'object',
  nullable: true,
  description: 'The target: class balance and each feature’s relation to it (null when the data has no target)',
  required: ['name', 'classes', 'counts', 'missing', 'relations'],
  properties: {
    name: str,
    classes: strArray,
    counts: numArray,
    missing: { type: 'integer', description: 'Rows whose target is empty' },
    relations: { type: 'array', items: relation },
  },
} as const;

const missingness = {
  type: 'object',
  required: ['missing_cells', 'rows_with_missing', 'patterns', 'together', 'vs_target'],
  properties: {
    missing_cells: int,
    rows_with_missing: int,
    patterns: {
      type: 'array',
      description: 'Rows grouped by the set of columns missing in them, most frequent first',
      items: { type: 'object', required: ['columns', 'count'], properties: { columns: strArray, count: int } },
    },
    together: {
      type: 'array',
      description: 'Column pairs missing in the same rows, with the correlation of their missing indicators',
      items: { type: 'object', required: ['a', 'b', 'both', 'correlation'], properties: { a: str, b: str, both: int, correlation: nullableNum } },
    },
    vs_target: {
      type: 'array',
      description: "Per column with missing values: target mix when missing vs present, Cramér's V of the indicator",
      items: {
        type: 'object',
        required: ['column', 'missing_counts', 'present_counts', 'cramers_v'],
        properties: { column: str, missing_counts: numArray, present_counts: numArray, cramers_v: num },
      },
    },
  },
} as const;

const correlations = {
  type: 'object',
  description: 'Pearson correlations of the numeric columns (pairwise-complete rows); null where undefined',
  required: ['columns', 'matrix'],
  properties: { columns: strArray, matrix: { type: 'array', items: { type: 'array', items: nullableNum } } },
} as const;

const drift = {
  type: 'object',
  nullable: true,
  description: 'Population stability index per feature against a reference (null unless asked for)',
  required: ['reference', 'current', 'reference_rows', 'current_rows', 'features'],
  properties: {
    reference: str,
    current: str,
    reference_rows: int,
    current_rows: int,
    features: {
      type: 'array',
      items: {
        type: 'object',
        required: ['feature', 'psi', 'flag', 'bins'],
        properties: {
          feature: str,
          psi: num,
          flag: { type: 'string', enum: ['stable', 'moderate', 'major'], description: 'PSI above 0.1: moderate, above 0.25: major' },
          bins: {
            type: 'array',
            items: { type: 'object', required: ['label', 'reference', 'current'], properties: { label: str, reference: num, current: num } },
          },
        },
      },
    },
  },
} as const;

/** A data profile (`custseg eda --json`, and the training profile stored in every model). */
export const dataProfileSchema = {
  type: 'object',
  description: 'A data profile, as `custseg eda --json` writes it (format custseg-data-profile, version 1)',
  required: ['format', 'format_version', 'source', 'overview', 'columns', 'target', 'missingness', 'correlations', 'drift', 'warnings'],
  properties: {
    format: { type: 'string', enum: ['custseg-data-profile'] },
    format_version: int,
    source: { type: 'string', description: 'The name of the data (a file name)' },
    overview: {
      type: 'object',
      required: ['rows', 'columns', 'duplicate_ids', 'duplicate_rows', 'memory_bytes', 'missing_cells', 'missing_cells_pct'],
      properties: {
        rows: int,
        columns: int,
        duplicate_ids: { type: 'integer', nullable: true, description: 'Rows repeating an ID (null without an ID column)' },
        duplicate_rows: int,
        memory_bytes: int,
        missing_cells: int,
        missing_cells_pct: num,
      },
    },
    columns: { type: 'array', items: column },
    target,
    missingness,
    correlations,
    drift,
    warnings: { type: 'array', items: str, description: 'Findings in plain words' },
  },
} as const;
