#!/usr/bin/env node
/**
 * Sums a V8 .cpuprofile (node --cpu-prof) by function and by file, so a bench run's profile can
 * be read without DevTools: the top self-time functions, the top files, and for a few functions
 * the inclusive time (self plus everything they called).
 *
 * Usage: node scripts/bench/profile-summary.mjs PROFILE.cpuprofile [--top 40] [--incl name,name...]
 *        [--incl-file part,part...] [--callers name [--skip fnA,fnB]] [--since-ms N] [--until-ms N] [--timeline]
 * --incl: inclusive time of functions by name; --incl-file: inclusive time of samples with a frame
 * from a file whose path contains the part; --callers: where a function's self time was called
 * from (its caller chain, 4 frames); --since-ms: only samples from N ms after the profile started
 * (skip start-up), --until-ms: only before; --timeline: busy (not idle) ms in each second.
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.cpuprofile'));
if (!file) {
  console.error('usage: node scripts/bench/profile-summary.mjs PROFILE.cpuprofile [--top 40] [--incl fnA,fnB] [--since-ms N]');
  process.exit(2);
}
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const TOP = Number(opt('--top', 40));
const INCL = String(opt('--incl', '')).split(',').filter(Boolean);
const INCL_FILE = String(opt('--incl-file', '')).split(',').filter(Boolean);
const CALLERS = opt('--callers', '');
const SKIP = String(opt('--skip', '')).split(',').filter(Boolean);
const SINCE_MS = Number(opt('--since-ms', 0));
const UNTIL_MS = Number(opt('--until-ms', Infinity));
const TIMELINE = args.includes('--timeline');

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the sample stream (timeDeltas are µs between samples).
const selfUs = new Map();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  const at = (t - profile.startTime) / 1000;
  if (at < SINCE_MS || at >= UNTIL_MS) continue;
  const d = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + d);
  total += d;
}

if (TIMELINE) {
  const busy = [];
  let tt = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    tt += profile.timeDeltas[i] ?? 0;
    const sec = Math.floor((tt - profile.startTime) / 1e6);
    const fn = nodes.get(profile.samples[i]).callFrame.functionName;
    if (fn !== '(idle)') busy[sec] = (busy[sec] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000;
  }
  console.log('busy ms per second: ' + Array.from(busy, (b, i) => `${i}s:${(b ?? 0).toFixed(0)}`).join(' '));
}

const shortUrl = (u) => (u || '(native)').replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'nm/').replace(/^.*?\/(lib|app|server|scripts|\.next[^/]*)\//, '$1/');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const byFn = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const n = nodes.get(id);
  byFn.set(label(n), (byFn.get(label(n)) ?? 0) + us);
  const f = shortUrl(n.callFrame.url);
  byFile.set(f, (byFile.get(f) ?? 0) + us);
}

const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / (total || 1)).toFixed(1).padStart(5)}%`;
console.log(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled${SINCE_MS ? ` (from ${SINCE_MS} ms)` : ''}`);
console.log(`\ntop ${TOP} functions by self time:`);
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${ms(v)}  ${k}`);
console.log(`\ntop ${TOP} files by self time:`);
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${ms(v)}  ${k}`);

// Inclusive time of named functions: every sample with that function somewhere on its stack, counted once.
if (INCL.length) {
  console.log('\ninclusive time (self + callees):');
  for (const name of INCL) {
    let us = 0;
    for (const [id, s] of selfUs) {
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (nodes.get(cur).callFrame.functionName === name) {
          us += s;
          break;
        }
      }
    }
    console.log(`${ms(us)}  ${name}`);
  }
}

if (INCL_FILE.length) {
  console.log('\ninclusive time of files (samples with a frame from the file):');
  for (const part of INCL_FILE) {
    let us = 0;
    for (const [id, s] of selfUs) {
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (nodes.get(cur).callFrame.url.includes(part)) {
          us += s;
          break;
        }
      }
    }
    console.log(`${ms(us)}  ${part}`);
  }
}

if (CALLERS) {
  const chains = new Map();
  for (const [id, s] of selfUs) {
    const n = nodes.get(id);
    if (n.callFrame.functionName !== CALLERS) continue;
    const chain = [];
    // Recursion and the named helpers are skipped, so the chain shows who asked.
    for (let cur = parent.get(id); cur !== undefined && chain.length < 4; cur = parent.get(cur)) {
      const fn = nodes.get(cur).callFrame.functionName;
      if (fn !== CALLERS && !SKIP.includes(fn)) chain.push(label(nodes.get(cur)));
    }
    const k = chain.join(' < ');
    chains.set(k, (chains.get(k) ?? 0) + s);
  }
  console.log(`\ncallers of ${CALLERS} (self time):`);
  for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${ms(v)}  ${k}`);
}
