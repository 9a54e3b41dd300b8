import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeModel, UserError, writeFileAtomic, type ModelDocument } from '@custseg/ml';
import { mlmodelFlavorLines, mlmodelSignatureLines, yamlQuote } from '../tracking/artifacts.js';
import { loadModelArg } from '../tracking/store.js';
import { parseCommandArgs, requireOption } from '../util/args.js';
import { info, out } from '../util/output.js';

export const MODELS_EXPORT_HELP = `Usage: custseg models export URI --out DIR [--tracking-uri URI] [--json]

Writes a self-contained copy of a model to DIR, for baking into a container image or shipping without the
tracking store: DIR/model.json (the model document, byte for byte what the store holds) and DIR/MLmodel (MLflow-
style metadata: flavor, signature, where the model came from). Serve it with custseg serve --model DIR/model.json.

  URI                  file, models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model
  --out DIR            directory to write (created if missing; existing files are replaced atomically)
  --tracking-uri URI   the tracking store for registry URIs (default CUSTSEG_TRACKING_URI, else ./.custseg)
  --json               print {"model": path, "mlmodel": path, "source": URI, "version": ...}
  -h, --help           this help
`;

/** `custseg models export URI --out DIR` (argv: what follows `export`). */
export async function modelsExportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('models export', argv, { out: { type: 'string' }, 'tracking-uri': { type: 'string' }, json: { type: 'boolean' } }, true);
  if (values.help) {
    out(MODELS_EXPORT_HELP);
    return 0;
  }
  const uri = positionals[0];
  if (uri === undefined || uri === '') throw new UserError('custseg models export: URI is required; see custseg models export --help');
  if (positionals.length > 1) throw new UserError(`custseg models export: expected one URI, got ${positionals.length} (${positionals.join(' ')})`);
  const dir = requireOption('models export', values.out, 'out');
  await ensureDirectory(dir);

  const model = await loadModelArg(uri, values['tracking-uri']);
  const modelPath = join(dir, 'model.json');
  const mlmodelPath = join(dir, 'MLmodel');
  // model.json last: a reader that sees it (e.g. a hot-reloading server watching DIR) also finds its metadata.
  await writeFileAtomic(mlmodelPath, exportedMlmodel(model.document, uri, model.version));
  await writeFileAtomic(modelPath, serializeModel(model.document));

  if (values.json) out(JSON.stringify({ model: modelPath, mlmodel: mlmodelPath, source: uri, version: model.version ?? null }));
  else info(`exported ${uri}${model.version ? ` (version ${model.version})` : ''} to ${modelPath}`);
  return 0;
}

async function ensureDirectory(dir: string): Promise<void> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new UserError(`custseg models export: --out ${dir} exists and is not a directory`);
    return;
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`custseg models export: --out ${dir}: ${(e as Error).message}`);
  }
  await mkdir(dir, { recursive: true });
}

/**
 * MLflow-style metadata for an exported model. Unlike the logged run's MLmodel it carries no creation time, so
 * exporting the same version twice gives identical bytes (image layers stay cached across rebuilds).
 */
export function exportedMlmodel(doc: ModelDocument, sourceUri: string, version: string | undefined): string {
  return [
    ...mlmodelFlavorLines(doc),
    'exported_from:',
    `  uri: ${yamlQuote(sourceUri)}`,
    `  version: ${version === undefined ? 'null' : yamlQuote(version)}`,
    ...mlmodelSignatureLines(doc),
    '',
  ].join('\n');
}
