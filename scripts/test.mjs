#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest. Exits non-zero if any fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// Runner reports, read at the end for one plain closing line of test counts.
rmSync('.test-reports', { recursive: true, force: true });
// Browser tests start from an empty data dir (learners, clusters), so runs do not pile up state.
rmSync('.data/e2e', { recursive: true, force: true });

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
function counts() {
  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  if (existsSync('.test-reports/vitest.json')) {
    const v = JSON.parse(readFileSync('.test-reports/vitest.json', 'utf8'));
    passed += v.numPassedTests;
    failedTests += v.numFailedTests;
    skipped += v.numPendingTests + v.numTodoTests;
  }
  if (existsSync('.test-reports/playwright.json')) {
    const p = JSON.parse(readFileSync('.test-reports/playwright.json', 'utf8')).stats;
    passed += p.expected + p.flaky;
    failedTests += p.unexpected;
    skipped += p.skipped;
  }
  return { passed, failedTests, skipped };
}

const failed = results.filter((r) => !r.ok).length;
const c = counts();
console.log(`\n${c.passed} passed, ${c.failedTests} failed, ${c.skipped} skipped`);
const skipped = steps.length - results.length;
if (skipped) console.log(`(${skipped} later step(s) not run)`);
process.exit(failed || skipped ? 1 : 0);
