import { UserError } from '@custseg/ml';
import { registerTrackingApi, resolveWebDir, SERVING_ENV, servingConfigFromEnv, startServing, type ServingConfig } from '@custseg/server';
import { LocalArtifactRepository, resolveTrackingUri, type TrackingStore } from '@custseg/tracking';
import { openTracking } from '../tracking/store.js';
import { intOption, parseCommandArgs } from '../util/args.js';
import { info, out } from '../util/output.js';

export const SERVE_HELP = `Usage: custseg serve [--model URI] [--host 0.0.0.0] [--port 8000] [--serve-tracking]
                     [--unknown-fields reject|ignore] [--poll-seconds 30] [--tracking-uri URI] [--web-dir DIR|off]

Serves a model over HTTP: POST /v1/predict (one customer or an array), POST /v1/predict/csv (streams CSV or
NDJSON back), GET /v1/model, /healthz, /readyz, /metrics (Prometheus), /docs (Swagger UI), /openapi.json, and
the reference project's /single_predict, /batch_predict, /uploadcsv/, and the web app at / when it is built
(npm run build). When --model names a registry alias the
server polls it and hot-swaps the new version with no failed request. Stops gracefully on SIGTERM/SIGINT.

Options (flags override the environment variables below):
  --model URI            file, models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model
                         (default models:/customer-segmentation@champion)
  --host HOST            default 0.0.0.0
  --port PORT            default 8000
  --serve-tracking       also serve the tracking REST API (/api/2.0/mlflow/...) of the store
  --unknown-fields MODE  reject (400) or ignore fields the model does not take (default reject)
  --poll-seconds N       seconds between checks for a new model version, 0 for never (default 30)
  --tracking-uri URI     the tracking store for registry URIs (default CUSTSEG_TRACKING_URI, else ./.custseg)
  --web-dir DIR|off      the built web app to serve at / (default packages/web/dist when built)
  -h, --help             this help

Environment:
${Object.entries(SERVING_ENV)
  .map(([k, v]) => `  ${k.padEnd(34)} ${v}`)
  .join('\n')}
`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    model: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'serve-tracking': { type: 'boolean' },
    'unknown-fields': { type: 'string' },
    'poll-seconds': { type: 'string' },
    'tracking-uri': { type: 'string' },
    'web-dir': { type: 'string' },
  });
  if (values.help) {
    out(SERVE_HELP);
    return 0;
  }
  const unknown = values['unknown-fields'];
  if (unknown !== undefined && unknown !== 'reject' && unknown !== 'ignore') {
    throw new UserError(`custseg serve: --unknown-fields expects reject or ignore, got "${unknown}"`);
  }
  const config = servingConfigFromEnv(process.env, {
    model: values.model,
    host: values.host,
    port: values.port === undefined ? undefined : intOption('serve', values.port, 'port', 8000, 0, 65535),
    serveTracking: values['serve-tracking'] === true ? true : undefined,
    unknownFields: unknown as ServingConfig['unknownFields'] | undefined,
    pollSeconds: values['poll-seconds'] === undefined ? undefined : intOption('serve', values['poll-seconds'], 'poll-seconds', 30, 0, 86_400),
    trackingUri: values['tracking-uri'],
    webDir: values['web-dir'],
  });
  await serve(config);
  return 0;
}

/** Starts the server and returns once it listens; the process then lives until SIGTERM/SIGINT. */
export async function serve(config: ServingConfig): Promise<void> {
  const needsStore = /^(models|runs):/.test(config.model) || config.serveTracking;
  const store: TrackingStore | undefined = needsStore ? openTracking(config.trackingUri) : undefined;
  const target = resolveTrackingUri(config.trackingUri);
  if (config.serveTracking && target.kind !== 'embedded') {
    throw new UserError(`custseg serve: --serve-tracking serves the embedded store, but the tracking URI is ${target.baseUrl}`);
  }
  const running = await startServing({
    config,
    ...(store ? { store } : {}),
    ...(config.serveTracking && store && target.kind === 'embedded'
      ? { trackingApi: (app) => registerTrackingApi(app, { store, artifacts: new LocalArtifactRepository(target.artifactRoot) }) }
      : {}),
  });
  const shown = running.url.replace('://0.0.0.0:', '://localhost:');
  info(`custseg serving ${config.model} on ${shown}`);
  const web = resolveWebDir(config.webDir);
  if (web) info(`  web app    ${shown}/`);
  else if (config.webDir !== 'off') info(`  web app    not built (npm run build) or not found${config.webDir ? ` in ${config.webDir}` : ''}`);
  info(`  API docs   ${shown}/docs`);
  info(`  predict    POST ${shown}/v1/predict   (CSV: POST ${shown}/v1/predict/csv)`);
  info(`  model      ${shown}/v1/model`);
  if (config.serveTracking) info(`  tracking   ${shown}/api/2.0/mlflow/  (CUSTSEG_TRACKING_URI=${shown})`);
}
