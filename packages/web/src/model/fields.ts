import type { InputField } from '../api/client';

/** A field's label for people: "Ever_Married" → "Ever married", "Var_1" → "Var 1". */
export function fieldLabel(name: string): string {
  const words = name.replace(/[_\s]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function finite(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** "usually 18 to 89" from the training range, when the model recorded one. */
export function fieldHint(f: InputField): string | null {
  const parts: string[] = [];
  if (f.type === 'numeric' && finite(f.training_min) && finite(f.training_max)) parts.push(`usually ${f.training_min} to ${f.training_max}`);
  if (f.optional) parts.push('optional');
  return parts.length ? parts.join('; ') : null;
}

/**
 * What is wrong with a raw value typed or read from a file for this field, in words; null when it is fine.
 * The server checks the same rules (GET /v1/model lists them) and has the last word.
 */
export function fieldProblem(f: InputField, raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim();
  const label = fieldLabel(f.name);
  if (v === '') return f.optional ? null : `${label} is required`;
  if (f.type === 'numeric') {
    const x = Number(v);
    if (!Number.isFinite(x)) return `${label} must be a number`;
    const lo = finite(f.min) ? f.min : -Infinity;
    const hi = finite(f.max) ? f.max : Infinity;
    if (x < lo || x > hi) return `${label} must be between ${finite(f.min) ? f.min : '−∞'} and ${finite(f.max) ? f.max : '∞'}`;
    return null;
  }
  return null;
}

/** A warning (not an error): the model will score an unseen category as unknown. */
export function fieldWarning(f: InputField, raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim();
  if (v === '' || f.type !== 'categorical' || !f.categories?.length) return null;
  return f.categories.includes(v) ? null : `${fieldLabel(f.name)} "${v}" was not seen in training`;
}

/** The JSON row for POST /v1/predict: numbers as numbers, blank optional fields left out (imputed by the model). */
export function toRow(fields: readonly InputField[], values: Readonly<Record<string, string>>): Record<string, string | number> {
  const row: Record<string, string | number> = {};
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (v === '') continue;
    row[f.name] = f.type === 'numeric' ? Number(v) : v;
  }
  return row;
}
