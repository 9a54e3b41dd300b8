// A server for the serving benchmark, in its own process so that the load generator does not share its CPU
// and its peak RSS is its own. Started by children.ts with fork(); reports {port} once listening and answers
// {rss: true} with its peak resident set size.
import { createServer } from 'node:http';
import { buildServingApp } from '../serving/app.js';
import { FileModelSource } from '../serving/model/file-source.js';

const [mode, modelPath, accessLog] = process.argv.slice(2);

process.on('message', (msg: { rss?: boolean }) => {
  if (msg.rss) {
    const u = process.resourceUsage();
    process.send!({ maxRssBytes: u.maxRSS * 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 });
  }
});

if (mode === 'bare') {
  // the ceiling: Node's HTTP server answering a fixed JSON body of the size of a prediction
  const body = JSON.stringify({
    ID: 458989,
    segment: 'A',
    probabilities: { A: 0.34662815451183876, B: 0.2698059122429608, C: 0.15166321849137565, D: 0.23190271475382482 },
    warnings: [],
    model: { name: 'customer-segmentation', version: '1' },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
  });
} else {
  const app = await buildServingApp({
    source: new FileModelSource(modelPath),
    // the logging of `custseg serve` by default (pino at info; requests answered below 400 logged at debug, so
    // not written), or with every request logged at info; lines go to a sink rather than the terminal
    logger: { level: 'info', stream: { write: () => undefined } },
    ...(accessLog === 'on' ? { accessLogLevel: 'info' as const } : {}),
    pollIntervalMs: 0,
    docs: false,
    failFast: true,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
}
