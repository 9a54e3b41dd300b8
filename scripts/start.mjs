#!/usr/bin/env node
// `npm start`: build once if needed, then `custseg quickstart` (train + register a champion when there is none,
// then serve it). A second start skips both the build and the training.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built =
  ['ml', 'tracking', 'server', 'cli'].every((p) => existsSync(join(root, 'packages', p, 'dist', p === 'cli' ? 'main.js' : 'index.js'))) &&
  existsSync(join(root, 'packages/web/dist/index.html'));
if (!built) {
  console.error('building custseg (first start)...');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
const { main } = await import(join(root, 'packages/cli/dist/main.js'));
const code = await main(['quickstart', ...process.argv.slice(2)]);
if (code !== 0) process.exit(code);
