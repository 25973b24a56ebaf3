import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: 1440, height: 1000 }, permissions: ['clipboard-read', 'clipboard-write'] });
const p = await ctx.newPage();
const errors = [];
p.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.type() + ': ' + m.text()); });
p.on('pageerror', e => errors.push('pageerror: ' + e.message));
await p.goto('http://localhost:3200/learn/module-05/jobs', { waitUntil: 'domcontentloaded' });
await p.waitForSelector('[data-testid=yaml-editor] .monaco-editor', { timeout: 20000 });
await p.waitForTimeout(1500);
// Break a field: replace restartPolicy value
{ const r = await p.locator('[data-testid=yaml-editor]').boundingBox(); await p.mouse.click(r.x + 120, r.y + 40); }
await p.keyboard.press('Control+A');
await p.evaluate((t) => navigator.clipboard.writeText(t), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bad\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n      - name: x\n        image: busybox:1.36\n        imagePullPolicyy: Always\n');
await p.keyboard.press('Control+V');
await p.keyboard.press('Escape');
await p.keyboard.press('Control+Home');
await p.waitForTimeout(2500);
await p.getByRole('button', { name: 'Apply' }).click();
await p.waitForTimeout(2500);
await p.waitForTimeout(1500);
await p.locator('aside[aria-label="Lab bench"]').screenshot({ path: process.argv[2] ?? 'bench.png' });
const markers = await p.locator('.squiggly-error, .squiggly-warning').count();
console.log('squiggles', markers);
console.log(await p.locator('[data-testid=yaml-editor] .view-lines').innerText());
console.log(await p.locator('[aria-label="Apply results"]').innerText().catch(() => 'no results'));
console.log('errors:', errors.slice(0, 10));
await b.close();
