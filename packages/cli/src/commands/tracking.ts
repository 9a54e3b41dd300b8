import { UserError } from '@custseg/ml';
import { startTrackingServer } from '@custseg/server';
import { intOption, parseCommandArgs } from '../util/args.js';
import { info, out } from '../util/output.js';

export const TRACKING_HELP = `Usage: custseg tracking serve [--host 127.0.0.1] [--port 5000] [--backend-store-uri sqlite:///path.db]
                             [--artifacts-destination DIR]

Runs the MLflow-compatible tracking server (experiments, runs, metrics, artifacts proxy, model registry under
/api/2.0/mlflow/...) over the embedded SQLite store. Point clients at it with
CUSTSEG_TRACKING_URI=http://HOST:PORT (custseg) or MLFLOW_TRACKING_URI=http://HOST:PORT (MLflow's clients).
Stops cleanly on SIGINT/SIGTERM: in-flight requests finish, the database is closed.

Options:
  --host HOST                    interface to listen on (default 127.0.0.1; the server has no authentication)
  --port PORT                    default 5000 (0 picks a free port)
  --backend-store-uri URI        sqlite:///path.db or a directory (default ./.custseg)
  --artifacts-destination DIR    where artifacts are stored (default artifacts/ beside the database)
  -h, --help                     this help
`;

export async function trackingCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out(TRACKING_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'serve') throw new UserError(`custseg tracking: unknown subcommand "${sub}"; expected serve`);
  const { values } = parseCommandArgs('tracking serve', rest, {
    host: { type: 'string' },
    port: { type: 'string' },
    'backend-store-uri': { type: 'string' },
    'artifacts-destination': { type: 'string' },
  });
  if (values.help) {
    out(TRACKING_HELP);
    return 0;
  }
  const port = intOption('tracking serve', values.port, 'port', 5000, 0, 65535);
  const server = await startTrackingServer({
    host: values.host ?? '127.0.0.1',
    port,
    ...(values['backend-store-uri'] !== undefined ? { backendStoreUri: values['backend-store-uri'] } : {}),
    ...(values['artifacts-destination'] !== undefined ? { artifactsDestination: values['artifacts-destination'] } : {}),
  });
  info(`custseg tracking server on ${server.url} (MLflow REST API at ${server.url}/api/2.0/mlflow/, health at ${server.url}/health)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void server.close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  info('tracking server stopped');
  return 0;
}
