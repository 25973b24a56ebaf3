#!/usr/bin/env node
/**
 * First contentful paint of a lesson on localhost: median of N cold page loads (new browser
 * context each time) in Debian's Chromium. Usage: node scripts/bench/lesson-fcp.mjs [baseUrl] [path] [runs]
 */
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const page = process.argv[3] ?? '/learn/module-05/daemonsets';
const runs = Number(process.argv[4] ?? 5);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const figures = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(base + page, { waitUntil: 'load' });
  const fcp = await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  figures.push(fcp);
  await context.close();
}
await browser.close();
figures.sort((a, b) => a - b);
console.log(`${page}: first contentful paint over ${runs} cold loads: median ${figures[Math.floor(runs / 2)].toFixed(0)} ms (min ${figures[0].toFixed(0)}, max ${figures[runs - 1].toFixed(0)})`);
