// The held-out rows of `custseg train --seed S` (default --test-size 0.2) on a labelled CSV, for
// scripts/reference/heldout.py: prints {"<seed>": [row indices, ascending], ...}. Needs `npm run build`.
//   node scripts/reference/heldout-splits.mjs TRAIN.csv SEED [SEED ...]
import { readCsvFile, trainTestSplit } from '../../packages/ml/dist/index.js';

const [file, ...seeds] = process.argv.slice(2);
if (!file || seeds.length === 0) {
  console.error('usage: node scripts/reference/heldout-splits.mjs TRAIN.csv SEED [SEED ...]');
  process.exit(2);
}
// Read as `custseg train --data` reads it, so the class codes (and hence the stratified split) are the CLI's.
const ds = await readCsvFile(file, { requireTarget: true });
const out = {};
for (const s of seeds) out[s] = Array.from(trainTestSplit(ds.labels, { testSize: 0.2, seed: Number(s), stratify: true }).test);
process.stdout.write(JSON.stringify(out));
