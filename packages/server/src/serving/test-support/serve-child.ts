// `custseg serve` as the CLI will run it, for the shutdown test: startServing with the configuration from the
// environment (CUSTSEG_MODEL ...), printing {"url"} on stdout once listening. Run through tsx by start.test.ts.
import { servingConfigFromEnv } from '../config.js';
import { startServing } from '../start.js';

try {
  const server = await startServing({ config: servingConfigFromEnv(process.env), logger: { level: 'info' } });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}
