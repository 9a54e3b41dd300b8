/**
 * A schema names each column's role and type. It is the model's input "signature": stored in the model
 * document, used to validate files and requests, and to fill forms with the allowed categories.
 */
export type ColumnRole = 'id' | 'numeric' | 'categorical' | 'target';

export interface ColumnSpec {
  readonly name: string;
  readonly role: ColumnRole;
  /** Allowed categories (categorical features and the target), in a stable display order. */
  readonly categories?: readonly string[];
  /** Valid range of a numeric feature; values outside are input errors. */
  readonly min?: number;
  readonly max?: number;
  /** Whether a value may be missing (it is then imputed as in training). */
  readonly optional?: boolean;
  readonly description?: string;
}

export interface Schema {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
}

export function featureSpecs(schema: Schema): ColumnSpec[] {
  return schema.columns.filter((c) => c.role === 'numeric' || c.role === 'categorical');
}

export function targetSpec(schema: Schema): ColumnSpec | undefined {
  return schema.columns.find((c) => c.role === 'target');
}

export function idSpec(schema: Schema): ColumnSpec | undefined {
  return schema.columns.find((c) => c.role === 'id');
}

/** The built-in customer-segmentation schema (the reference project's data). */
export const CUSTOMER_SEGMENTATION_SCHEMA: Schema = {
  name: 'customer-segmentation',
  columns: [
    { name: 'ID', role: 'id', description: 'Customer identifier, copied to predictions' },
    { name: 'Gender', role: 'categorical', categories: ['Male', 'Female'] },
    { name: 'Ever_Married', role: 'categorical', categories: ['Yes', 'No'], optional: true },
    { name: 'Age', role: 'numeric', min: 0, max: 120 },
    { name: 'Graduated', role: 'categorical', categories: ['Yes', 'No'], optional: true },
    {
      name: 'Profession',
      role: 'categorical',
      categories: ['Artist', 'Doctor', 'Engineer', 'Entertainment', 'Executive', 'Healthcare', 'Homemaker', 'Lawyer', 'Marketing'],
      optional: true,
    },
    { name: 'Work_Experience', role: 'numeric', min: 0, max: 100, optional: true },
    { name: 'Spending_Score', role: 'categorical', categories: ['Low', 'Average', 'High'] },
    { name: 'Family_Size', role: 'numeric', min: 1, max: 50, optional: true },
    {
      name: 'Var_1',
      role: 'categorical',
      categories: ['Cat_1', 'Cat_2', 'Cat_3', 'Cat_4', 'Cat_5', 'Cat_6', 'Cat_7'],
      optional: true,
    },
    { name: 'Segmentation', role: 'target', categories: ['A', 'B', 'C', 'D'] },
  ],
};

const ID_NAME = /^(id|ID|Id|customer_id|CustomerID)$/;

/**
 * Chooses the schema for a file: the built-in one when the header has all of its features (and the target is
 * its own or absent), otherwise one inferred from the values: a column whose every present value is a number
 * is numeric, any other is categorical; `target` names the target; an ID-like name is the id.
 */
export function inferSchema(
  header: readonly string[],
  sample: ReadonlyArray<ReadonlyArray<string | null>>,
  target?: string,
): Schema {
  const builtin = CUSTOMER_SEGMENTATION_SCHEMA;
  const builtinTarget = targetSpec(builtin)!.name;
  const hasBuiltinFeatures = featureSpecs(builtin).every((c) => header.includes(c.name));
  if (hasBuiltinFeatures && (target === undefined || target === builtinTarget)) return builtin;

  const columns: ColumnSpec[] = header.map((name, j) => {
    if (name === target) return { name, role: 'target' };
    if (ID_NAME.test(name)) return { name, role: 'id' };
    let numeric = true;
    let anyMissing = false;
    let anyPresent = false;
    for (const row of sample) {
      const v = row[j];
      if (v === null) {
        anyMissing = true;
        continue;
      }
      anyPresent = true;
      if (parseNumber(v) === null) {
        numeric = false;
        break;
      }
    }
    const role: ColumnRole = numeric && anyPresent ? 'numeric' : 'categorical';
    return anyMissing ? { name, role, optional: true } : { name, role };
  });
  return { name: 'inferred', columns };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number ("36", "1.0", "-2.5e3"); anything else (hex, "Infinity", "1,5") is null. */
export function parseNumber(s: string): number | null {
  if (!NUMBER.test(s)) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/** Tokens read as a missing value (after trimming white space). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL']);

export function isSchema(x: unknown): x is Schema {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as { name?: unknown; columns?: unknown };
  if (typeof s.name !== 'string' || !Array.isArray(s.columns)) return false;
  return s.columns.every(
    (c: unknown) =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as ColumnSpec).name === 'string' &&
      ['id', 'numeric', 'categorical', 'target'].includes((c as ColumnSpec).role),
  );
}
