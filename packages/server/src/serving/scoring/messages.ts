import type { FeatureSlot } from './layout.js';

// Wording shared by the JSON and CSV readers, so a problem reads the same whichever way the row came in.

export const REQUIRED = 'required field is missing';

export function outOfRange(f: FeatureSlot, got: string): string {
  const lo = Number.isFinite(f.min) ? String(f.min) : '-∞';
  const hi = Number.isFinite(f.max) ? String(f.max) : '∞';
  return `expected a number between ${lo} and ${hi}, got ${got}`;
}

export function notANumber(got: string): string {
  return `expected a number, got ${got}`;
}

export function notACategory(f: FeatureSlot, got: string): string {
  const shown = f.categories.slice(0, 12).join(', ');
  return `expected a string (one of ${shown}${f.categories.length > 12 ? ', ...' : ''}), got ${got}`;
}

export function outsideTraining(f: FeatureSlot, x: number): string {
  return `${f.name}: ${x} is outside the training range ${f.trainingMin}–${f.trainingMax}`;
}

export function unseenCategory(variable: string, value: string): string {
  return `${variable}: category ${JSON.stringify(value)} was not seen in training; scored as unknown`;
}
