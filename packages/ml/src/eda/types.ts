/**
 * The data profile: what `custseg eda` writes as JSON and renders as HTML, and what a model keeps as its
 * training profile. Keys are snake_case because this is a document read by other programs (like the model file).
 */
export const PROFILE_FORMAT = 'custseg-data-profile';
export const PROFILE_FORMAT_VERSION = 1;

export interface HistogramBin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

export interface NumericStats {
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Sample standard deviation (ddof = 1, as pandas' std); null below two values. */
  readonly std: number | null;
  readonly median: number | null;
  /** Quantiles at QUANTILE_LEVELS, pandas' linear interpolation. */
  readonly quantiles: Record<string, number | null>;
  /** False when a column had too many distinct values and quantiles come from a bounded sample. */
  readonly quantiles_exact: boolean;
  readonly histogram: readonly HistogramBin[];
  /** Tukey's rule: values below Q1 − 1.5·IQR or above Q3 + 1.5·IQR. */
  readonly outliers: { readonly lower_fence: number | null; readonly upper_fence: number | null; readonly low: number; readonly high: number };
}

export interface CategoryCount {
  readonly value: string;
  readonly count: number;
  /** Share of the present (non-missing) values. */
  readonly share: number;
}

export interface CategoricalStats {
  /** Every category by count (descending, then by value), capped at MAX_TRACKED_CATEGORIES. */
  readonly frequencies: readonly CategoryCount[];
  /** Categories under RARE_SHARE of the present values. */
  readonly rare_labels: readonly string[];
  /** True when the column had more distinct values than were tracked (the tail is not listed). */
  readonly truncated: boolean;
}

export interface ColumnProfile {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  readonly role: 'feature' | 'id' | 'target';
  readonly count: number;
  readonly missing: number;
  readonly missing_pct: number;
  readonly distinct: number;
  /** True when `distinct` is a lower bound (too many values to count exactly in bounded memory). */
  readonly distinct_is_lower_bound: boolean;
  readonly numeric?: NumericStats;
  readonly categorical?: CategoricalStats;
}

export interface TargetRelation {
  readonly feature: string;
  /** How the feature was grouped: its categories, or deciles of a numeric feature (pandas qcut, 10, duplicates dropped). */
  readonly grouping: 'categories' | 'deciles';
  readonly cramers_v: number;
  /** Mutual information in nats (sklearn's mutual_info_score on the groups). */
  readonly mutual_info: number;
  readonly rank: number;
  /** Class counts per group; missing values form their own group "(missing)". */
  readonly groups: readonly { readonly label: string; readonly counts: readonly number[] }[];
}

export interface TargetProfile {
  readonly name: string;
  readonly classes: readonly string[];
  readonly counts: readonly number[];
  /** Rows whose target is empty (left out of every relation). */
  readonly missing: number;
  readonly relations: readonly TargetRelation[];
}

export interface MissingnessProfile {
  readonly missing_cells: number;
  readonly rows_with_missing: number;
  /** Rows grouped by the set of columns missing in them (most frequent first, at most MAX_PATTERNS). */
  readonly patterns: readonly { readonly columns: readonly string[]; readonly count: number }[];
  /** Column pairs missing in the same rows: count and the correlation of their missing indicators (pandas isna().corr()). */
  readonly together: readonly { readonly a: string; readonly b: string; readonly both: number; readonly correlation: number | null }[];
  /** For each column with missing values: target mix when missing vs present, Cramér's V of the indicator. */
  readonly vs_target: readonly {
    readonly column: string;
    readonly missing_counts: readonly number[];
    readonly present_counts: readonly number[];
    readonly cramers_v: number;
  }[];
}

export interface CorrelationProfile {
  readonly columns: readonly string[];
  /** Pearson on pairwise-complete rows (pandas DataFrame.corr()); null where undefined. */
  readonly matrix: readonly (readonly (number | null)[])[];
}

export interface DriftFeature {
  readonly feature: string;
  readonly psi: number;
  readonly flag: 'stable' | 'moderate' | 'major';
  readonly bins: readonly { readonly label: string; readonly reference: number; readonly current: number }[];
}

export interface DriftProfile {
  readonly reference: string;
  readonly current: string;
  readonly reference_rows: number;
  readonly current_rows: number;
  readonly features: readonly DriftFeature[];
}

export interface DataProfile {
  readonly format: typeof PROFILE_FORMAT;
  readonly format_version: number;
  readonly source: string;
  readonly overview: {
    readonly rows: number;
    readonly columns: number;
    readonly duplicate_ids: number | null;
    readonly duplicate_rows: number;
    /** Bytes the data takes as custseg columns: 8 per number, 4 per category code, plus the category strings. */
    readonly memory_bytes: number;
    readonly missing_cells: number;
    readonly missing_cells_pct: number;
  };
  readonly columns: readonly ColumnProfile[];
  readonly target: TargetProfile | null;
  readonly missingness: MissingnessProfile;
  readonly correlations: CorrelationProfile;
  readonly drift: DriftProfile | null;
  readonly warnings: readonly string[];
}
