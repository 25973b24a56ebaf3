import { expect, test, type Page } from '@playwright/test';

/** Replaces the editor's text (typing into Monaco from a test is lossy: auto-indent, suggestions). */
async function setEditor(page: Page, text: string): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __kubelabEditor?: unknown }).__kubelabEditor));
  await page.evaluate((t) => (window as unknown as { __kubelabEditor: { setValue(v: string): void } }).__kubelabEditor.setValue(t), text);
}

async function openBench(page: Page, lesson: string): Promise<void> {
  await page.goto(`/learn/module-05/${lesson}`);
  await expect(page.getByRole('complementary', { name: 'Lab bench' }).getByText('live')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Node worker-3' })).toBeVisible();
}

async function runInTerminal(page: Page, command: string): Promise<void> {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const term = page.getByTestId('terminal');
  await expect(term.locator('.xterm-screen')).toBeVisible({ timeout: 20_000 });
  await term.click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

const BAD_YAML = `apiVersion: batch/v1
kind: Job
metadata:
  name: typo
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: x
        image: busybox:1.36
        comand: ["echo", "hi"]
`;

test('the bench gives each learner a cluster with a control plane and three workers', async ({ page }) => {
  await openBench(page, 'daemonsets');
  for (const n of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) await expect(page.getByRole('region', { name: `Node ${n}` })).toBeVisible();
});

test('a schema mistake is marked on its line, and nothing is applied', async ({ page }) => {
  await openBench(page, 'jobs');
  await setEditor(page, BAD_YAML);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('job.batch/typo: not applied (1 problem)');
  await expect(results).toContainText('line 12: unknown field "spec.template.spec.containers[0].comand"');
  await expect(page.locator('[data-testid=yaml-editor] .squiggly-error')).toHaveCount(1);
});

test('an invalid Job shows the API server\'s own message on the offending line', async ({ page }) => {
  await openBench(page, 'jobs');
  await setEditor(page, BAD_YAML.replace('restartPolicy: Never', 'restartPolicy: Always').replace('        comand: ["echo", "hi"]\n', ''));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const results = page.getByRole('list', { name: 'Apply results' });
  await expect(results).toContainText('line 8:');
  await expect(results).toContainText('Unsupported value: "Always": supported values: "OnFailure", "Never"');
});

test('Diff shows what an apply would change before it is applied', async ({ page }) => {
  await openBench(page, 'jobs');
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
  await setEditor(page, cm);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('configmap/settings created');
  await setEditor(page, cm.replace('fast', 'slow'));
  await page.getByRole('button', { name: 'Diff' }).click();
  const diff = page.getByRole('region', { name: 'Diff' });
  await expect(diff).toContainText('configmap/settings: would change');
  await expect(diff).toContainText('-   mode: fast');
  await expect(diff).toContainText('+   mode: slow');
});

test('the terminal runs the real kubectl against the learner\'s cluster and refuses what could escape it', async ({ page }) => {
  await openBench(page, 'daemonsets');
  await runInTerminal(page, 'kubectl get nodes -o wide');
  const term = page.getByTestId('terminal');
  await expect(term).toContainText('INTERNAL-IP', { timeout: 20_000 });
  await expect(term).toContainText('worker-3');
  await page.keyboard.type('kubectl get pods --kubeconfig=/etc/kubernetes/admin.conf');
  await page.keyboard.press('Enter');
  await expect(term).toContainText('--kubeconfig is refused');
});

test('two learners cannot see each other\'s clusters', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pa = await a.newPage();
  const pb = await b.newPage();
  await openBench(pa, 'jobs');
  await openBench(pb, 'jobs');
  await setEditor(pa, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only-for-a\n');
  await pa.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(pa.getByRole('list', { name: 'Apply results' })).toContainText('configmap/only-for-a created');
  await runInTerminal(pb, 'kubectl get configmaps');
  await expect(pb.getByTestId('terminal')).toContainText('kube-root-ca.crt', { timeout: 20_000 });
  await expect(pb.getByTestId('terminal')).not.toContainText('only-for-a');
  // B's cookie cannot read A's stream or kubeconfig: each route answers for the cookie's own cluster only.
  const aKubeconfig = await (await pa.request.get('/api/lab/kubeconfig')).text();
  const bKubeconfig = await (await pb.request.get('/api/lab/kubeconfig')).text();
  expect(aKubeconfig).not.toEqual(bKubeconfig);
  const anonymous = await browser.newContext();
  const denied = await anonymous.request.get('/api/lab/kubeconfig');
  expect(denied.status()).toBe(401);
  await Promise.all([a.close(), b.close(), anonymous.close()]);
});

test('a cross-site request cannot apply to a learner\'s cluster', async ({ page }) => {
  await openBench(page, 'jobs');
  const r = await page.request.post('/api/lab/apply', { headers: { origin: 'https://evil.example' }, data: { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' } });
  expect(r.status()).toBe(403);
});

test('applying the DaemonSet lesson\'s manifest puts a running log-collector pod on every node within seconds', async ({ page }) => {
  await openBench(page, 'daemonsets');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('daemonset.apps/log-collector created');
  for (const n of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) {
    const pod = page.getByRole('region', { name: `Node ${n}` }).locator('[data-pod^="log-collector-"]');
    await expect(pod).toHaveCount(1, { timeout: 20_000 });
    await expect(pod).toContainText('Running', { timeout: 20_000 });
  }
});

test('skipping the clock ahead makes a CronJob run, and its Job shows in the workload view', async ({ page }) => {
  await openBench(page, 'cronjobs');
  await setEditor(page, `apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: tick
            image: busybox:1.36
            command: ["sh", "-c", "date; echo tick"]
`);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('cronjob.batch/tick created');
  await page.getByRole('tab', { name: 'Workloads' }).click();
  const card = page.getByRole('region', { name: 'CronJob tick' });
  await expect(card).toContainText('Runs every minute');
  await page.getByRole('button', { name: '+1 min' }).click();
  await expect(card.getByRole('list', { name: 'Runs' }).getByRole('listitem')).not.toHaveCount(0, { timeout: 20_000 });
  // An hour skipped runs every minute of it, so the default history (three kept) fills up;
  // a plain jump of the clock would have started just one more run.
  await page.getByRole('button', { name: '+1 h' }).click();
  // (A run of the last minute may still be going when the skip ends: count the finished ones.)
  await expect(card.getByRole('list', { name: 'Runs' }).getByRole('listitem').filter({ hasText: / ok$/ })).toHaveCount(3, { timeout: 20_000 });
});

test('the logs view follows a Job pod\'s output', async ({ page }) => {
  await openBench(page, 'jobs');
  await setEditor(page, `apiVersion: batch/v1
kind: Job
metadata:
  name: greeter
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: greeter
        image: busybox:1.36
        command: ["sh", "-c", "echo 'Processing data...' && sleep 1 && echo 'Done!'"]
`);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Apply results' })).toContainText('job.batch/greeter created');
  await page.getByRole('tab', { name: 'Logs' }).click();
  const select = page.getByRole('combobox', { name: 'Pod' });
  await expect(select.locator('option', { hasText: 'greeter-' })).toHaveCount(1, { timeout: 20_000 });
  const podName = await select.locator('option', { hasText: 'greeter-' }).textContent();
  await select.selectOption(podName!);
  await expect(page.getByLabel('Log output')).toContainText('Processing data...', { timeout: 20_000 });
  await expect(page.getByLabel('Log output')).toContainText('Done!', { timeout: 20_000 });
});

test('a dropped stream reconnects and catches up without losing the update made while it was down', async ({ page, context }) => {
  // The first stream is cut after a few seconds (its events delivered, then the connection
  // ends); the browser's EventSource reconnects with Last-Event-ID, as after a network drop.
  let first = true;
  await page.route('**/api/lab/stream', async (route) => {
    const headers = await route.request().allHeaders();
    if (!first) return route.continue();
    first = false;
    const ac = new AbortController();
    const res = await fetch(route.request().url(), { headers, signal: ac.signal });
    const reader = res.body!.getReader();
    let text = '';
    const timer = setTimeout(() => ac.abort(), 3000);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      // cut on purpose
    }
    clearTimeout(timer);
    // The cluster changes while the browser is not listening.
    const r = await context.request.post('/api/lab/apply', {
      headers: { origin: new URL(route.request().url()).origin },
      data: { yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: made-while-away\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n' },
    });
    expect(r.ok()).toBe(true);
    await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: text });
  });
  await openBench(page, 'jobs');
  await expect(page.locator('[data-pod="made-while-away"]')).toHaveCount(1, { timeout: 20_000 });
  expect(first).toBe(false);
});

test('a pod no node can take waits in the unscheduled lane with the scheduler\'s reasons, node by node', async ({ page }) => {
  await openBench(page, 'scheduling');
  await setEditor(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: wants-ssd\nspec:\n  nodeSelector:\n    disktype: ssd\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const lane = page.getByRole('region', { name: 'Unscheduled pods' });
  await expect(lane).toContainText('None of the 4 nodes can take it:', { timeout: 20_000 });
  await expect(lane).toContainText('lack the labels the pod\'s nodeSelector or node affinity asks for');
  await lane.getByText('Node by node').click();
  await expect(lane).toContainText('worker-1: node(s) didn\'t match Pod\'s node affinity/selector');
  await expect(lane).toContainText('control-plane: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
});
