import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '@custseg/ml';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with user-facing errors: an unknown or malformed option is a UserError naming it. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UserError(`custseg ${command}: ${msg}; see custseg ${command} --help`);
  }
}

export function requireOption(command: string, value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UserError(`custseg ${command}: --${name} is required; see custseg ${command} --help`);
  return value;
}

/** An integer option (`--seed`, `--rows`) with its allowed range. */
export function intOption(command: string, value: string | undefined, name: string, fallback: number, min = -(2 ** 31), max = 2 ** 31 - 1): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(x) || x < min || x > max) {
    throw new UserError(`custseg ${command}: --${name} expects an integer from ${min} to ${max}, got "${value}"`);
  }
  return x;
}

/** `--test-size`: a fraction in (0, 1) or a whole number of rows; 0 disables the held-out evaluation. */
export function testSizeOption(command: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(x) && x >= 0 && (x < 1 || Number.isInteger(x));
  if (!ok) throw new UserError(`custseg ${command}: --test-size expects a fraction between 0 and 1 or a whole number of rows, got "${value}"`);
  return x;
}
