#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest. Exits non-zero if any fails.
import { spawnSync } from 'node:child_process';

const steps = [
  ['generate Kubernetes schemas', 'npm', ['run', 'gen:schemas']],
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['unit and integration', 'npm', ['run', 'test:unit']],
  ['production build', 'npm', ['run', 'build']],
  ['browser', 'npm', ['run', 'test:e2e']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: r.status === 0, seconds });
  if (r.status !== 0) break;
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
const skipped = steps.length - results.length;
if (skipped) console.log(`(${skipped} later step(s) not run)`);
process.exit(failed || skipped ? 1 : 0);
