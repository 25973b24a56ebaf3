#!/usr/bin/env node
// `npm start`: build once if there is no production build (or it is older than the sources),
// then run the portal server. Keeps the README's `npm ci && npm start` true on a fresh clone.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// The sandbox's Kubernetes schemas are generated, not committed (instant when up to date).
const gen = spawnSync('npm', ['run', '--silent', 'gen:schemas'], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(gen.status ?? 1);

const buildId = path.join(root, '.next', 'BUILD_ID');
const sources = ['app', 'components', 'content', 'lib', 'public'].map((d) => newestMtime(path.join(root, d)));
const stale = !existsSync(buildId) || Math.max(...sources) > statSync(buildId).mtimeMs;

if (stale || process.env.KUBELAB_REBUILD === '1') {
  console.log('Building the portal (first start or sources changed)...');
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'server.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
