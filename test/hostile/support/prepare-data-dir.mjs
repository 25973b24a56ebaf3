#!/usr/bin/env node
/**
 * Runs before the hostile suite's portal starts (playwright.config.ts): an empty data
 * directory holding a marker file with a fresh random secret, and a second marker just outside
 * it. The specs then try every way they can think of to read either back through the portal.
 * Usage: node prepare-data-dir.mjs <data dir> <outside dir>
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [dataDir, outsideDir] = process.argv.slice(2);
if (!dataDir || !outsideDir) {
  console.error('usage: prepare-data-dir.mjs <data dir> <outside dir>');
  process.exit(2);
}
for (const dir of [dataDir, outsideDir]) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}
// The workers' turn and census locks (beside the data directory) start free: a run that was
// killed while holding one must not hold up the next.
for (const lock of ['hostile-turns', 'hostile-census.lock']) fs.rmSync(path.join(path.dirname(path.resolve(dataDir)), lock), { recursive: true, force: true });
fs.writeFileSync(path.join(dataDir, 'MARKER-do-not-leak'), `KUBELAB_MARKER=inside-${randomBytes(20).toString('hex')}\n`, { mode: 0o600 });
fs.writeFileSync(path.join(outsideDir, 'MARKER-outside'), `KUBELAB_MARKER=outside-${randomBytes(20).toString('hex')}\n`, { mode: 0o600 });
