import { request } from 'node:http';
import type { SyntheticRows } from './synthetic-rows.js';

export interface CsvUploadResult {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly outputLines: number;
  readonly errorLines: number;
  readonly status: number;
}

/**
 * Streams `rows` synthetic rows to POST /v1/predict/csv as one chunked request body while reading the response
 * as it arrives (never holding either in memory), and counts the output lines.
 */
export function uploadCsv(port: number, source: SyntheticRows, rows: number, chunkRows = 10_000): Promise<CsvUploadResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let lines = 0;
    let errorLines = 0;
    let tail = '';
    const req = request(
      { host: '127.0.0.1', port, path: '/v1/predict/csv', method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (s: string) => {
          const text = tail + s;
          let at = text.indexOf('\n');
          let from = 0;
          while (at >= 0) {
            lines++;
            // an error line ends with a non-empty error cell
            if (at > from && text.charCodeAt(at - 1) !== 44) errorLines++;
            from = at + 1;
            at = text.indexOf('\n', from);
          }
          tail = text.slice(from);
        });
        res.on('end', () => {
          const seconds = (performance.now() - t0) / 1000;
          resolve({ rows, seconds, rowsPerSecond: rows / seconds, outputLines: lines - 1, errorLines: Math.max(0, errorLines - 1), status: res.statusCode ?? 0 });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    let sent = 0;
    const pump = (): void => {
      while (sent < rows) {
        const n = Math.min(chunkRows, rows - sent);
        const ok = req.write(source.chunk(100_000 + sent, n));
        sent += n;
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    req.write(source.header);
    pump();
  });
}
