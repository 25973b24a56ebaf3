// Screenshot of a lesson with the bench in wide mode, the terminal open after `kubectl get nodes -o wide`.
import { chromium } from 'playwright-core';
const [,, base = 'http://localhost:3000', out = 'wide.png'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1440, height: 1000 } });
await p.goto(`${base}/learn/module-05/daemonsets`, { waitUntil: 'domcontentloaded' });
await p.getByRole('button', { name: 'Wide bench' }).click({ timeout: 30000 });
await p.getByRole('tab', { name: 'Terminal' }).click();
await p.waitForSelector('[data-testid=terminal] .xterm-screen', { timeout: 20000 });
await p.locator('[data-testid=terminal]').click();
await p.keyboard.type('kubectl get nodes -o wide');
await p.keyboard.press('Enter');
await p.waitForTimeout(3000);
await p.screenshot({ path: out });
await b.close();
