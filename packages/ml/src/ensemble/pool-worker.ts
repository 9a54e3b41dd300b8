import { workerData, type MessagePort } from 'node:worker_threads';
import { forestHelper, type ForestJobMessage } from './forest-parallel.js';
import { hgbHelper, type HgbJobMessage } from './hgb/parallel.js';

/**
 * Entry of a helper thread of the worker pool (worker-pool.ts): runs the jobs posted on its channel,
 * one at a time, for as long as the process lives.
 */
const port = (workerData as { port: MessagePort }).port;
port.on('message', (message: ForestJobMessage | HgbJobMessage) => {
  if (message.kind === 'forest') forestHelper(message, port);
  else if (message.kind === 'hgb') hgbHelper(message, port);
});
