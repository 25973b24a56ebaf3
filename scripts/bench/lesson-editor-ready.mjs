#!/usr/bin/env node
/**
 * Time until the lab bench's editor is usable on a lesson: from navigation start to Monaco
 * mounted with the lesson's manifest (window.__kubelabEditor set), median of RUNS fresh
 * browser contexts (a first visit each: nothing cached). Also reports the lesson's first
 * contentful paint on the same runs, to show reading is not held up by the editor.
 * Usage: node scripts/bench/lesson-editor-ready.mjs [baseUrl] [path] [runs]
 */
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const page = process.argv[3] ?? '/learn/module-05/daemonsets';
const runs = Number(process.argv[4] ?? 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ready = [];
const fcp = [];
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(base + page, { waitUntil: 'domcontentloaded' });
  await p.waitForFunction(() => Boolean(window.__kubelabEditor?.getValue()), null, { timeout: 60_000 });
  const t = await p.evaluate(() => ({ now: performance.now(), fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN }));
  ready.push(t.now);
  fcp.push(t.fcp);
  await ctx.close();
}
await browser.close();
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${page}: editor usable after ${med(ready).toFixed(0)} ms median (min ${Math.min(...ready).toFixed(0)}, max ${Math.max(...ready).toFixed(0)}); first contentful paint ${med(fcp).toFixed(0)} ms median, over ${runs} first visits`);
