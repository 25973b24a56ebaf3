import { expect, test, type Page } from '@playwright/test';

/** The workstation terminal in the bench, typed into key by key as a learner does. */
async function openTerminal(page: Page, lesson = 'jobs'): Promise<void> {
  await page.goto(`/learn/module-05/${lesson}`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByTestId('terminal').locator('.xterm-screen')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('terminal').click();
}

async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The terminal's buffer as lines of text (what xterm holds, scrollback included). */
async function screenLines(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const t = (window as unknown as { __kubelabTerminal: { buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string; isWrapped: boolean } | undefined } } } }).__kubelabTerminal;
    const b = t.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (!l) continue;
      if (l.isWrapped && out.length) out[out.length - 1] += l.translateToString(true);
      else out.push(l.translateToString(true));
    }
    return out;
  });
}

async function expectLine(page: Page, pattern: RegExp, timeout = 20_000): Promise<void> {
  await expect.poll(async () => (await screenLines(page)).some((l) => pattern.test(l)), { timeout }).toBe(true);
}

test('a pipe and a $(…) run kubectl through the shell', async ({ page }) => {
  await openTerminal(page);
  await type(page, "kubectl get nodes | grep control-plane | awk '{print \"role:\" $3}'");
  await expectLine(page, /^role:control-plane$/);
  await type(page, 'echo "last=$(kubectl get nodes -o name | tail -1) count=$(kubectl get nodes -o name | grep -c worker)"   # a comment');
  await expectLine(page, /^last=node\/worker-3 count=3$/);
});

test('kubectl apply -f editor applies what the bench\'s editor holds', async ({ page }) => {
  await openTerminal(page);
  await page.evaluate(() => (window as unknown as { __kubelabEditor: { setValue(text: string): void } }).__kubelabEditor.setValue('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-the-editor\ndata:\n  k: v\n'));
  await page.getByTestId('terminal').click();
  await type(page, 'kubectl apply -f editor');
  await expectLine(page, /^configmap\/from-the-editor created$/);
});

test('Ctrl+C stops kubectl get -w and the prompt comes back', async ({ page }) => {
  await openTerminal(page);
  await type(page, 'kubectl get nodes -w');
  await expectLine(page, /^worker-3\s+Ready/);
  await page.keyboard.press('Control+C');
  await expectLine(page, /\^C$/);
  await type(page, 'echo after-$((40+2))');
  await expectLine(page, /^after-42$/);
});

test('watch draws on its own screen and Ctrl+C brings back the lines from before', async ({ page }) => {
  await openTerminal(page);
  await type(page, 'echo before-$((20+1))');
  await expectLine(page, /^before-21$/);
  await type(page, 'watch -n 1 kubectl get nodes');
  await expectLine(page, /^Every 1s: kubectl get nodes$/);
  await expectLine(page, /^worker-3\s+Ready/);
  await page.keyboard.press('Control+C');
  await type(page, 'echo after-watch');
  await expectLine(page, /^after-watch$/);
  await expectLine(page, /^before-21$/);
});

test('a pasted block of lines runs line by line', async ({ page }) => {
  await openTerminal(page);
  await page.evaluate(() => (window as unknown as { __kubelabTerminal: { paste(s: string): void } }).__kubelabTerminal.paste('echo pasted-$((1+1))\necho pasted-three\n'));
  await expectLine(page, /^pasted-2$/);
  await expectLine(page, /^pasted-three$/);
  const lines = await screenLines(page);
  expect(lines.some((l) => l.includes('pasted-$((1+1))echo'))).toBe(false);
});

test('Tab completes a pod name from the learner\'s cluster', async ({ page }) => {
  await openTerminal(page);
  await type(page, 'kubectl run tabpod-zq7 --image=busybox:1.36 --restart=Never -- sleep 3600');
  await expectLine(page, /pod\/tabpod-zq7 created/);
  await page.keyboard.type('kubectl get pod tabp');
  await page.keyboard.press('Tab');
  await expectLine(page, /^\$ kubectl get pod tabpod-zq7 $/, 10_000);
  await page.keyboard.press('Enter');
  await expectLine(page, /^tabpod-zq7\s/);
});

test('the output stays after switching to Nodes and back, and after a reload', async ({ page }) => {
  await openTerminal(page);
  await type(page, 'echo kept-$((6*7))');
  await expectLine(page, /^kept-42$/);
  await page.getByRole('tab', { name: 'Nodes' }).click();
  await expect(page.getByRole('region', { name: 'Node worker-3' })).toBeVisible();
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByTestId('terminal')).toContainText('kept-42');
  await page.reload();
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByTestId('terminal')).toContainText('kept-42', { timeout: 20_000 });
});

test('a command longer than the terminal is shown once, wrapped, however it was typed', async ({ page }) => {
  await openTerminal(page);
  const long = `echo ${'abcdefghij'.repeat(14)}`;
  await page.keyboard.type(long);
  const lines = await screenLines(page);
  expect(lines.filter((l) => l.startsWith('$ echo abcdefghij'))).toHaveLength(1);
  await page.keyboard.press('Enter');
  await expectLine(page, new RegExp(`^${'abcdefghij'.repeat(14)}$`));
});

test('a port-forward in the background lets curl on localhost reach the pod', async ({ page }) => {
  test.setTimeout(120_000);
  await openTerminal(page);
  await type(page, 'kubectl create deployment pfweb --image=nginx:1.27');
  await expectLine(page, /deployment.apps\/pfweb created/);
  await type(page, 'kubectl wait --for=condition=Ready pod -l app=pfweb --timeout=90s');
  await expectLine(page, /condition met/, 100_000);
  await type(page, 'kubectl port-forward deploy/pfweb 8080:80 &');
  await type(page, 'curl -s localhost:8080 | grep -o "Welcome to nginx"');
  await expectLine(page, /^Welcome to nginx$/);
  await type(page, 'jobs; kill %1');
  await expectLine(page, /^\[1\]\s+Running/);
});

test('typing / in the YAML editor stays in the editor', async ({ page }) => {
  await page.goto('/learn/module-05/jobs');
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.type('/');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }, { width: 390, height: 844 }]) {
  test(`the bench fits ${size.width}x${size.height} with the terminal open and no sideways scrolling`, async ({ page }) => {
    await page.setViewportSize(size);
    await openTerminal(page);
    await type(page, 'kubectl get pods -A -o wide');
    const geometry = await page.evaluate(() => {
      const aside = document.querySelector('aside[aria-label="Lab bench"]') as HTMLElement;
      let bench: HTMLElement | null = aside;
      while (bench && getComputedStyle(bench).position !== 'sticky') bench = bench.parentElement;
      const r = (bench ?? aside).getBoundingClientRect();
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, benchHeight: r.height, benchWidth: aside.getBoundingClientRect().width, viewport: window.innerHeight };
    });
    expect(geometry.scrollWidth).toBeLessThanOrEqual(geometry.clientWidth);
    if (size.width >= 1280) expect(geometry.benchHeight).toBeLessThanOrEqual(geometry.viewport);
    // Below the lesson the bench takes the lesson's width (at 1024 it was once squeezed under the sidebar).
    else expect(geometry.benchWidth).toBeGreaterThan(size.width / 2);
  });
}

test('the split between lesson and bench can be moved from the keyboard and is remembered', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/learn/module-05/jobs');
  const bench = page.getByRole('complementary', { name: 'Lab bench' });
  await expect(bench.getByText('live')).toBeVisible({ timeout: 20_000 });
  const before = (await bench.boundingBox())!.width;
  const handle = page.getByRole('separator', { name: 'Resize the lab bench' });
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await bench.boundingBox())!.width).toBeGreaterThan(before + 40);
  const widened = (await bench.boundingBox())!.width;
  await page.reload();
  await expect(bench.getByText('live')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => Math.round((await bench.boundingBox())!.width)).toBe(Math.round(widened));
});
