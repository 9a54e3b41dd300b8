import { basename } from 'node:path';
import { profileCsvFile, renderReportHtml, UserError, writeFileAtomic } from '@custseg/ml';
import { intOption, parseCommandArgs, requireOption } from '../util/args.js';
import { out, progress, progressDone } from '../util/output.js';

export const EDA_HELP = `Usage: custseg eda --data CSV --out report.html [--target Segmentation] [--json profile.json] [--compare OTHER.csv]

Exploratory data analysis: a profile of a CSV to read before training, as one self-contained HTML page
(inline charts, opens offline) and optionally as JSON for programs. It shows rows, duplicates and missing
cells; per column its type, missing share, distinct values, statistics and quantiles (pandas' linear
interpolation), histogram and IQR outliers, or category frequencies and rare labels (under 5%); the class
balance and each feature's relation to the target (segment mix per category or per numeric decile, Cramér's V,
mutual information in nats, ranked); which columns are missing together and whether missingness relates to
the target; Pearson correlations; and warnings in plain words. The file is streamed: a file of millions of
rows profiles in bounded memory (quantiles stay exact up to 20,000 distinct values per column).

Options:
  --data CSV          the file to profile
  --out FILE          the HTML report to write
  --target NAME       the target column (default Segmentation when the header has it, else none)
  --json FILE         also write the profile as JSON
  --compare CSV       another file (e.g. test.csv) to measure drift against --data: population stability
                      index per feature over 10 quantile bins of --data; above 0.1 moderate, 0.25 major
  --batch-rows N      rows read at a time (default 10000)
  -h, --help          this help
`;

export async function edaCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('eda', argv, {
    data: { type: 'string' },
    out: { type: 'string' },
    target: { type: 'string' },
    json: { type: 'string' },
    compare: { type: 'string' },
    'batch-rows': { type: 'string' },
  });
  if (values.help) {
    out(EDA_HELP);
    return 0;
  }
  const dataPath = requireOption('eda', values.data, 'data');
  const outPath = requireOption('eda', values.out, 'out');
  if (values.target === '') throw new UserError('custseg eda: --target expects a column name, got an empty value');
  if (values.json !== undefined && values.json === '') throw new UserError('custseg eda: --json expects a file name, got an empty value');
  if (values.json !== undefined && values.json === outPath) throw new UserError(`custseg eda: --json and --out name the same file ${outPath}`);
  const batchRows = intOption('eda', values['batch-rows'], 'batch-rows', 10_000, 1, 10_000_000);
  progress(`profiling ${dataPath}`);
  const profile = await profileCsvFile(dataPath, { target: values.target, compare: values.compare, batchRows, label: basename(dataPath) });
  progressDone();
  await writeFileAtomic(outPath, renderReportHtml(profile));
  if (values.json !== undefined) await writeFileAtomic(values.json, `${JSON.stringify(profile, null, 1)}\n`);
  const o = profile.overview;
  out(`${profile.source}: ${o.rows} rows, ${o.columns} columns, ${o.missing_cells} missing cells, ${profile.warnings.length} warnings; report ${outPath}${values.json !== undefined ? `, profile ${values.json}` : ''}`);
  for (const w of profile.warnings) out(`  ${w}`);
  return 0;
}
