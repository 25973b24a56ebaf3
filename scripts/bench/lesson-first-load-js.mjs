#!/usr/bin/env node
/**
 * First-load JavaScript of a lesson page: fetches the page from a running portal, collects
 * every script it references, and sums their gzip sizes (what a browser downloads on a first
 * visit). Usage: node scripts/bench/lesson-first-load-js.mjs [baseUrl] [path]
 */
import { gzipSync } from 'node:zlib';

const base = process.argv[2] ?? 'http://localhost:3000';
const page = process.argv[3] ?? '/learn/module-05/daemonsets';

const html = await (await fetch(base + page)).text();
const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]))];
let raw = 0;
let gz = 0;
for (const src of srcs) {
  const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
  raw += body.length;
  gz += gzipSync(body, { level: 9 }).length;
}
console.log(`${page}: ${srcs.length} scripts, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip (budget 200 kB gzip)`);
