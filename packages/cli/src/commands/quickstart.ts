import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthCsvChunks, writeFileAtomic } from '@custseg/ml';
import { servingConfigFromEnv } from '@custseg/server';
import { isMlflowError, resolveTrackingUri } from '@custseg/tracking';
import { openTracking } from '../tracking/store.js';
import { info, out } from '../util/output.js';
import { serve } from './serve.js';
import { trainCommand } from './train.js';

export const QUICKSTART_HELP = `Usage: custseg quickstart      (what \`npm start\` runs)

If the registry has no customer-segmentation@champion yet: trains the \`best\` preset on CUSTSEG_DATA (a labelled
CSV) or, without it, on 8,000 synthetic customers, logs the run, registers it as a version of
customer-segmentation and points the champion alias at it. Then serves it (and the tracking API) on port 8000
(CUSTSEG_PORT). A second start reuses the registry and is ready in about a second.
`;

const MODEL_NAME = 'customer-segmentation';

export async function quickstartCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(QUICKSTART_HELP);
    return 0;
  }
  const store = openTracking();
  let hasChampion = true;
  try {
    await store.getModelVersionByAlias({ name: MODEL_NAME, alias: 'champion' });
  } catch (e) {
    if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
    hasChampion = false;
  } finally {
    await store.close();
  }

  if (!hasChampion) {
    const target = resolveTrackingUri();
    const home = target.kind === 'embedded' ? resolve(target.dbPath, '..') : resolve('.custseg');
    let data = process.env.CUSTSEG_DATA;
    if (!data) {
      data = join(home, 'synthetic-customers.csv');
      if (!existsSync(data)) {
        info(`no model yet and no CUSTSEG_DATA: generating 8,000 synthetic customers in ${data}`);
        await writeFileAtomic(data, [...synthCsvChunks({ rows: 8000, seed: 42 })].join(''));
      }
    }
    info(`training the best preset on ${data} and registering it as ${MODEL_NAME}@champion`);
    const code = await trainCommand(['--data', data, '--model', 'best', '--register', MODEL_NAME, '--run-name', 'quickstart', '--out', join(home, 'quickstart-model.json')]);
    if (code !== 0) return code;
    const s = openTracking();
    try {
      const { registered_model } = await s.getRegisteredModel({ name: MODEL_NAME });
      const latest = Math.max(...(registered_model.latest_versions ?? []).map((v) => Number(v.version)));
      await s.setRegisteredModelAlias({ name: MODEL_NAME, alias: 'champion', version: String(latest) });
      info(`${MODEL_NAME}@champion → version ${latest}`);
    } finally {
      await s.close();
    }
  }
  const config = servingConfigFromEnv(process.env, { serveTracking: resolveTrackingUri().kind === 'embedded' });
  await serve(config);
  return 0;
}
