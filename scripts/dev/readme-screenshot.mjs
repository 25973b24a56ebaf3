// The README's screenshot: a lesson with the bench after applying its DaemonSet manifest.
import { chromium } from 'playwright-core';
const [,, base = 'http://localhost:3000', out = 'docs/screenshot.png', theme = 'light'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: theme });
await p.goto(`${base}/learn/module-05/daemonsets`, { waitUntil: 'domcontentloaded' });
await p.getByRole('button', { name: 'Apply', exact: true }).click({ timeout: 30000 });
await p.waitForTimeout(6000);
await p.screenshot({ path: out });
await b.close();
