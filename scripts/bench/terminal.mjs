/**
 * The lab terminal's figures, against a running portal (BASE_URL, default http://localhost:3110):
 * - keystroke-to-echo: from the keydown on xterm's textarea to xterm's next render, over
 *   KEYS keys typed at the prompt (p50/p95/max, ms); the target is p95 < 16 ms (one frame);
 * - `kubectl get pods | grep x` round trip through /api/lab/terminal (the workstation shell and
 *   the real confined kubectl), RUNS times one after the other (p50/p95, ms);
 * - workstation memory per learner (scripts/bench/workstation-memory.ts, in its own process).
 * Run: node scripts/bench/terminal.mjs   (playwright-core with Debian's /usr/bin/chromium)
 */
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://localhost:3110';
const KEYS = Number(process.env.KEYS ?? 300);
const RUNS = Number(process.env.RUNS ?? 30);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2);
};
const summary = (xs) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: +Math.max(...xs).toFixed(2) });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await page.goto(`${base}/learn/module-05/jobs`);
await page.getByRole('complementary', { name: 'Lab bench' }).getByText('live').waitFor({ timeout: 30_000 });
await page.getByRole('tab', { name: 'Terminal' }).click();
await page.getByTestId('terminal').locator('.xterm-screen').waitFor({ timeout: 30_000 });
await page.getByTestId('terminal').click();

await page.evaluate(() => {
  const w = window;
  w.__echo = [];
  let t0;
  const ta = document.querySelector('[data-testid=terminal] textarea');
  ta.addEventListener('keydown', () => (t0 = performance.now()), true);
  w.__kubelabTerminal.onRender(() => {
    if (t0 === undefined) return;
    w.__echo.push(performance.now() - t0);
    t0 = undefined;
  });
});
const text = 'kubectl get pods --all-namespaces -o wide | grep web ';
for (let i = 0; i < KEYS; i++) {
  await page.keyboard.type(text[i % text.length]);
  if (i % 60 === 59) await page.keyboard.press('Control+U');
}
await page.keyboard.press('Control+U');
const echo = await page.evaluate(() => window.__echo);

const roundTrips = await page.evaluate(async (runs) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch('/api/lab/terminal', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'kubectl get pods | grep x' }) });
    await res.text();
    times.push(performance.now() - t0);
  }
  return times;
}, RUNS);
await browser.close();

const memory = JSON.parse(execFileSync('node', ['node_modules/tsx/dist/cli.mjs', 'scripts/bench/workstation-memory.ts', '200'], { env: { ...process.env, NODE_OPTIONS: '--expose-gc' } }).toString().trim().split('\n').pop());
console.log(JSON.stringify({ keystrokeToEchoMs: summary(echo), getPodsGrepRoundTripMs: summary(roundTrips), workstationMemory: memory }, null, 2));
