import { UserError } from '@custseg/ml';
import { isMlflowError, type ModelVersion, type TrackingStore } from '@custseg/tracking';
import { openTracking } from '../tracking/store.js';
import { modelsExportCommand } from './models-export.js';
import { parseCommandArgs } from '../util/args.js';
import { fmt, out } from '../util/output.js';
import { isoTime, table } from '../util/table.js';

export const MODELS_HELP = `Usage: custseg models list [--json]
       custseg models show NAME [--json]
       custseg models promote NAME VERSION [--alias champion]
       custseg models promote NAME --alias rollback [--target champion]
       custseg models export URI --out DIR [--tracking-uri URI] [--json]

The model registry of the tracking store (CUSTSEG_TRACKING_URI / MLFLOW_TRACKING_URI, else ./.custseg).
  list      registered models with their latest version and aliases
  show      a model's versions: status, source run, held-out accuracy, aliases
  export    write a model (any URI) as DIR/model.json + DIR/MLmodel, e.g. to bake into an image
  promote   point an alias (champion, challenger, any name) at a version; the alias's previous version is
            remembered, and --alias rollback moves the --target alias (default champion) back to it
Any --model option then takes models:/NAME@ALIAS or models:/NAME/VERSION.

Options:
  --alias NAME         alias to set (default champion), or rollback
  --target NAME        with --alias rollback: the alias to move back (default champion)
  --tracking-uri URI   the tracking store
  --json               machine-readable output
  -h, --help           this help
`;

/** Registered-model tag holding an alias's earlier versions, newest last, for rollback. */
const historyTag = (alias: string) => `custseg.alias_history.${alias}`;

export async function modelsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out(MODELS_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'export') return modelsExportCommand(rest);
  const { values, positionals } = parseCommandArgs('models', rest, { alias: { type: 'string' }, target: { type: 'string' }, 'tracking-uri': { type: 'string' }, json: { type: 'boolean' } }, true);
  if (values.help) {
    out(MODELS_HELP);
    return 0;
  }
  const store = openTracking(values['tracking-uri']);
  try {
    switch (sub) {
      case 'list':
        return await list(store, values.json === true);
      case 'show':
        return await show(store, need(positionals[0], 'NAME'), values.json === true);
      case 'promote':
        return await promote(store, need(positionals[0], 'NAME'), positionals[1], values.alias ?? 'champion', values.target ?? 'champion', values.json === true);
      default:
        throw new UserError(`custseg models: unknown subcommand "${sub}"; expected list, show, promote or export`);
    }
  } finally {
    await store.close();
  }
}

function need(v: string | undefined, what: string): string {
  if (!v) throw new UserError(`custseg models: ${what} is required; see custseg models --help`);
  return v;
}

async function list(store: TrackingStore, json: boolean): Promise<number> {
  const models = [];
  let page_token: string | undefined;
  do {
    const r = await store.searchRegisteredModels({ max_results: 1000, ...(page_token ? { page_token } : {}) });
    models.push(...(r.registered_models ?? []));
    page_token = r.next_page_token;
  } while (page_token);
  if (json) {
    out(JSON.stringify({ registered_models: models }));
    return 0;
  }
  if (models.length === 0) {
    out('no registered models yet: custseg train --register NAME creates one');
    return 0;
  }
  out(
    table(
      ['name', 'latest', 'aliases', 'updated'],
      models.map((m) => [
        m.name,
        String(Math.max(0, ...(m.latest_versions ?? []).map((v) => Number(v.version)))),
        (m.aliases ?? []).map((a) => `${a.alias}→v${a.version}`).join(' '),
        isoTime(m.last_updated_timestamp),
      ]),
    ),
  );
  return 0;
}

async function allVersions(store: TrackingStore, name: string): Promise<ModelVersion[]> {
  const versions: ModelVersion[] = [];
  let page_token: string | undefined;
  do {
    const r = await store.searchModelVersions({ filter: `name = '${name.replace(/'/g, "\\'")}'`, max_results: 1000, ...(page_token ? { page_token } : {}) });
    versions.push(...(r.model_versions ?? []));
    page_token = r.next_page_token;
  } while (page_token);
  return versions.sort((a, b) => Number(a.version) - Number(b.version));
}

async function show(store: TrackingStore, name: string, json: boolean): Promise<number> {
  const { registered_model } = await store.getRegisteredModel({ name });
  const versions = await allVersions(store, name);
  const accuracy = new Map<string, number | undefined>();
  for (const v of versions) {
    if (!v.run_id) continue;
    try {
      const { run } = await store.getRun({ run_id: v.run_id });
      accuracy.set(v.version, run.data.metrics?.find((m) => m.key === 'accuracy')?.value);
    } catch (e) {
      if (!isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw e;
    }
  }
  if (json) {
    out(JSON.stringify({ registered_model, model_versions: versions }));
    return 0;
  }
  const aliasesOf = (v: string) => (registered_model.aliases ?? []).filter((a) => a.version === v).map((a) => a.alias).join(' ');
  out(`${name}${registered_model.description ? ` — ${registered_model.description}` : ''}\n`);
  out(
    table(
      ['version', 'aliases', 'status', 'accuracy', 'run', 'created'],
      versions.map((v) => [v.version, aliasesOf(v.version), v.status, fmt(accuracy.get(v.version)), v.run_id ?? '', isoTime(v.creation_timestamp)]),
    ),
  );
  return 0;
}

async function promote(store: TrackingStore, name: string, version: string | undefined, alias: string, target: string, json: boolean): Promise<number> {
  const { registered_model } = await store.getRegisteredModel({ name });
  const tags = registered_model.tags ?? [];
  const readHistory = (a: string): string[] => {
    const t = tags.find((x) => x.key === historyTag(a));
    try {
      const v = t ? JSON.parse(t.value) : [];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  const current = (a: string) => (registered_model.aliases ?? []).find((x) => x.alias === a)?.version;

  if (alias === 'rollback') {
    const history = readHistory(target);
    const previous = history.pop();
    if (previous === undefined) throw new UserError(`custseg models: ${name}@${target} has no earlier version to roll back to`);
    await store.setRegisteredModelAlias({ name, alias: target, version: previous });
    await store.setRegisteredModelTag({ name, key: historyTag(target), value: JSON.stringify(history) });
    report(json, { name, alias: target, version: previous, previous: current(target) ?? null });
    return 0;
  }
  if (!version || !/^\d+$/.test(version)) throw new UserError(`custseg models: promote needs NAME and a VERSION number (got ${version === undefined ? 'none' : `"${version}"`})`);
  await store.getModelVersion({ name, version }); // a clear RESOURCE_DOES_NOT_EXIST for an unknown version
  const was = current(alias);
  await store.setRegisteredModelAlias({ name, alias, version });
  if (was !== undefined && was !== version) {
    // Keep the last 20 moves: enough to walk back, small enough for a registry tag.
    const history = [...readHistory(alias), was].slice(-20);
    await store.setRegisteredModelTag({ name, key: historyTag(alias), value: JSON.stringify(history) });
  }
  report(json, { name, alias, version, previous: was ?? null });
  return 0;
}

function report(json: boolean, r: { name: string; alias: string; version: string; previous: string | null }): void {
  if (json) out(JSON.stringify(r));
  else out(`${r.name}@${r.alias} → version ${r.version}${r.previous && r.previous !== r.version ? ` (was ${r.previous})` : ''}`);
}
