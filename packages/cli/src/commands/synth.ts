import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { synthCsvChunks } from '@custseg/ml';
import { intOption, parseCommandArgs, requireOption } from '../util/args.js';
import { info, out } from '../util/output.js';
import { tempPathFor } from '@custseg/ml';

export const SYNTH_HELP = `Usage: custseg synth --rows N [--seed S] --out CSV

Writes N synthetic customers with the real schema (ID, Gender, ..., Var_1, Segmentation), the real
missing-value rates and a realistic dependence of every feature on the segment. The generator's parameters
were fitted from the real data (figures, not rows). Same seed, same file.

Options:
  --rows N     number of customers (1 to 100,000,000)
  --seed S     seed (default 42)
  --out FILE   output CSV
  -h, --help   this help
`;

export async function synthCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('synth', argv, { rows: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } });
  if (values.help) {
    out(SYNTH_HELP);
    return 0;
  }
  const rows = intOption('synth', requireOption('synth', values.rows, 'rows'), 'rows', 0, 1, 100_000_000);
  const seed = intOption('synth', values.seed, 'seed', 42);
  const outPath = resolve(requireOption('synth', values.out, 'out'));
  const tmp = tempPathFor(outPath);
  const file = createWriteStream(tmp);
  try {
    for (const chunk of synthCsvChunks({ rows, seed })) {
      if (!file.write(chunk)) await new Promise<void>((r) => file.once('drain', () => r()));
    }
    file.end();
    await finished(file);
    await rename(tmp, outPath);
  } catch (e) {
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  info(`wrote ${rows} synthetic customers to ${outPath}`);
  return 0;
}
