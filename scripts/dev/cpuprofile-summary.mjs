/**
 * Sums a V8 .cpuprofile (node --cpu-prof) by function: self time and inclusive time (a
 * function counted once per sample even when it recurses), and, for a profile of an esbuild
 * bundle, self time per source module (esbuild marks each module with a `// path` line).
 *
 *   npx esbuild scripts/bench/cronjob-24h.ts --bundle --platform=node --format=cjs \
 *     --outfile=<out>/bench-cj.cjs --external:better-sqlite3 --external:@kubernetes/client-node
 *   BENCH_HOURS=6 node --cpu-prof --cpu-prof-dir=<out>/prof <out>/bench-cj.cjs
 *   node scripts/dev/cpuprofile-summary.mjs <out>/prof [top=40] [--bundle <out>/bench-cj.cjs]
 *
 * (<out>: any scratch directory outside the repository.)
 *
 * A directory means its newest .cpuprofile.
 */
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const bundleAt = args.indexOf('--bundle');
const bundle = bundleAt >= 0 ? args.splice(bundleAt, 2)[1] : undefined;
const [where, topArg] = args;
if (!where) {
  console.error('usage: node scripts/dev/cpuprofile-summary.mjs <profile or dir> [top] [--bundle <bundle.cjs>]');
  process.exit(2);
}
const top = Number(topArg ?? 40);

function newestProfile(p) {
  if (!fs.statSync(p).isDirectory()) return p;
  const files = fs.readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(p, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${p}`);
  return files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

const profile = JSON.parse(fs.readFileSync(newestProfile(where), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const inclusive = new Map();
let total = 0;
for (const n of profile.nodes) {
  const t = selfUs.get(n.id) ?? 0;
  if (!t) continue;
  total += t;
  self.set(label(n), (self.get(label(n)) ?? 0) + t);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parentOf.get(id)) {
    const k = label(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}

const print = (title, m) => {
  console.log(`--- ${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(v / 1000).toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`sampled ${(total / 1000).toFixed(0)} ms`);
print('self', self);
print('inclusive', inclusive);

if (bundle) {
  const lines = fs.readFileSync(bundle, 'utf8').split('\n');
  const starts = [];
  lines.forEach((l, i) => {
    const m = /^\/\/ (\S+\.[cm]?[jt]sx?)$/.exec(l);
    if (m) starts.push([i + 1, m[1]]);
  });
  const moduleAt = (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const byModule = new Map();
  const bundleName = path.basename(bundle);
  for (const n of profile.nodes) {
    const t = selfUs.get(n.id) ?? 0;
    if (!t) continue;
    const k = path.basename(n.callFrame.url) === bundleName ? moduleAt(n.callFrame.lineNumber + 1) : `(outside the bundle) ${n.callFrame.functionName || n.callFrame.url || '(vm)'}`;
    byModule.set(k, (byModule.get(k) ?? 0) + t);
  }
  print('self by source module', byModule);
}
