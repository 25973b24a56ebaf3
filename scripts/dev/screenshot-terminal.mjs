// Screenshot of the bench with the terminal open after a few commands: node scripts/dev/screenshot-terminal.mjs URL OUT [WIDTH] [light|dark] [HEIGHT]
import { chromium } from 'playwright-core';
const [,, url, out, width = '1440', theme = 'light', height = '900'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: Number(width), height: Number(height) }, colorScheme: theme });
const p = await ctx.newPage();
if (theme === 'dark') await p.addInitScript(() => localStorage.setItem('kubelab-theme', 'dark'));
await p.goto(url);
await p.getByRole('complementary', { name: 'Lab bench' }).getByText('live').waitFor({ timeout: 30000 });
await p.getByRole('tab', { name: 'Terminal' }).click();
await p.getByTestId('terminal').locator('.xterm-screen').waitFor();
await p.getByTestId('terminal').click();
for (const l of ['kubectl get nodes | grep worker', 'echo "last=$(kubectl get nodes -o name | tail -1)"   # comment', 'kubectl get pods -A -o wide --sort-by=.metadata.name | head -3']) { await p.keyboard.type(l); await p.keyboard.press('Enter'); await p.waitForTimeout(1500); }
await p.keyboard.type('kubectl get no');
await p.getByTestId('terminal').scrollIntoViewIfNeeded();
const g = await p.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
console.log(width, theme, JSON.stringify(g));
await p.screenshot({ path: out });
await b.close();
