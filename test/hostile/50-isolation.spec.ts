/**
 * Two learners: everything learner A can do (apply, delete, reset, terminal commands, node
 * operations, drafts, quiz answers, imports, clock speed and skips, exec) leaves learner B's
 * cluster, progress, drafts, clock and terminal output as they were.
 */
import { expect, test } from './support/fixtures';
import type { Learner } from './support/learner';

interface Item {
  metadata: { name: string; uid: string; resourceVersion?: string };
  data?: unknown;
  spec?: { unschedulable?: boolean };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

async function clusterOf(l: Learner) {
  const list = async (path: string) => (await l.k8sJson<{ items: Item[] }>(path)).items;
  const cms = (await list('/api/v1/namespaces/default/configmaps')).map((i) => ({ name: i.metadata.name, uid: i.metadata.uid, rv: i.metadata.resourceVersion, data: i.data }));
  const pods = (await list('/api/v1/namespaces/default/pods')).map((i) => ({ name: i.metadata.name, uid: i.metadata.uid }));
  const nodes = (await list('/api/v1/nodes')).map((i) => ({ name: i.metadata.name, uid: i.metadata.uid, unschedulable: i.spec?.unschedulable ?? false, ready: i.status?.conditions?.find((c) => c.type === 'Ready')?.status }));
  const jobs = (await list('/apis/batch/v1/namespaces/default/jobs')).map((i) => i.metadata.name);
  const deployments = (await list('/apis/apps/v1/namespaces/default/deployments')).map((i) => i.metadata.name);
  return { cms, pods, nodes, jobs, deployments };
}

async function progressOf(l: Learner) {
  const exported = JSON.parse((await l.get('/api/progress/export')).text) as Record<string, unknown>;
  delete exported.exportedAt;
  const drafts = JSON.parse((await l.get('/api/lab/drafts?lesson=daemonsets')).text) as unknown;
  const name = JSON.parse((await l.get('/api/progress/name')).text) as unknown;
  return { exported, drafts, name };
}

/** The clock as an offset from the wall clock, which must not jump when another learner skips. */
async function clockOf(l: Learner) {
  const c = JSON.parse((await l.get('/api/lab/clock')).text) as { now: string; scale: number };
  return { scale: c.scale, offsetMs: Date.parse(c.now) - Date.now() };
}

async function terminalOf(l: Learner) {
  return [(await l.terminal('kubectl get configmaps -o name')).out, (await l.terminal('kubectl get pods -o name')).out, (await l.terminal('kubectl get nodes -o name')).out];
}

async function setUpB(b: Learner) {
  expect((await b.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-name\ndata:\n  owner: b\n')).status).toBe(200);
  await b.runPod('shared-pod', 'sleep 3600');
  expect((await b.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: 'daemonsets', tab: 'shared.yaml', content: 'owner: b\n' }) })).status).toBe(200);
  expect((await b.post('/api/quiz/answer', { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'new-pod' } })).status).toBe(200);
  expect((await b.post('/api/progress', { lesson: 'daemonsets' })).status).toBe(200);
  expect((await b.post('/api/progress/name', { name: 'Bea' })).status).toBe(200);
}

async function snapshot(b: Learner) {
  return { cluster: await clusterOf(b), progress: await progressOf(b), clock: await clockOf(b), terminal: await terminalOf(b) };
}

function expectSame(before: Awaited<ReturnType<typeof snapshot>>, after: Awaited<ReturnType<typeof snapshot>>) {
  expect(after.cluster, "B's cluster objects").toEqual(before.cluster);
  expect(after.progress, "B's progress, drafts and name").toEqual(before.progress);
  expect(after.terminal, "B's terminal output").toEqual(before.terminal);
  expect(after.clock.scale, "B's clock speed").toBe(before.clock.scale);
  expect(Math.abs(after.clock.offsetMs - before.clock.offsetMs), "B's clock did not jump").toBeLessThan(30_000);
}

test('everything learner A does leaves learner B\'s cluster, progress, clock and terminal unchanged', async ({ portal }) => {
  test.setTimeout(120_000);
  const a = await portal.learner();
  const b = await portal.learner();
  await setUpB(b);
  const before = await snapshot(b);

  // Exec in A's own pod.
  await a.runPod('a-exec', 'sleep 3600');
  await a.terminal('kubectl exec a-exec -- sh -c \'echo a > /tmp/a; rm -rf /tmp/*\'');

  // Cluster writes under the same names B uses, then deletions of everything.
  expect((await a.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-name\ndata:\n  owner: a\n')).status).toBe(200);
  await a.runPod('shared-pod', 'while true; do echo a; sleep 1; done');
  expect((await a.post('/api/lab/delete', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-name\n' })).status).toBe(200);
  for (const command of [
    'kubectl delete pods --all --wait=false',
    'kubectl delete configmaps --all',
    'kubectl create configmap shared-name --from-literal=owner=a',
    'kubectl create deployment web --image=nginx:1.27 --replicas=2',
    'kubectl create job once --image=busybox:1.36 -- echo hi',
    'kubectl label configmap shared-name owner=a --overwrite',
  ]) await a.terminal(command);
  // Node operations on A's own nodes (B's nodes have the same names).
  const nodes = (await a.k8sJson<{ items: Item[] }>('/api/v1/nodes')).items.map((n) => n.metadata.name);
  const worker = nodes.find((n) => /worker/.test(n)) ?? nodes[nodes.length - 1];
  for (const action of ['cordon', 'fail', 'recover', 'uncordon']) await a.post('/api/lab/nodes', { action, node: worker });
  await a.post('/api/lab/nodes', { action: 'add' });
  await a.terminal(`kubectl cordon ${worker}`);
  await a.terminal(`kubectl taint nodes ${worker} gpu=true:NoSchedule`);

  // Progress writes under the same lesson, tab and question.
  await a.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: 'daemonsets', tab: 'shared.yaml', content: 'owner: a\n' }) });
  await a.call({ method: 'DELETE', path: '/api/lab/drafts?lesson=daemonsets&tab=shared.yaml' });
  await a.post('/api/quiz/answer', { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'nothing' } });
  await a.post('/api/progress/name', { name: 'Bea' });
  await a.post('/api/progress/import', { format: 'kubelab-progress', version: 1, exportedAt: new Date().toISOString(), lessons: [{ lesson: 'statefulsets', firstReadAt: new Date().toISOString(), lastReadAt: new Date().toISOString() }], quizAttempts: [{ quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'move' }, answeredAt: new Date().toISOString() }], exerciseSteps: [] });
  await a.post('/api/exercises/check', { exercise: 'exercise-5-3-jobs' });
  await a.post('/api/exercises/solution', { exercise: 'exercise-5-3-jobs', step: 'single-job' });

  // The clock: fastest speed and a skip of an hour.
  await a.post('/api/lab/clock', { scale: 60 });
  await a.post('/api/lab/clock', { advanceSeconds: 3600 });

  // A reaching for B's cluster with A's own credentials.
  expect((await a.k8s('/api/v1/namespaces/default/configmaps').then(() => a.call({ method: 'GET', path: `/k8s/${b.clusterId}/token-${a.token}/api/v1/namespaces/default/configmaps` }))).status).toBe(401);

  // And finally a reset of A's cluster.
  expect((await a.post('/api/lab/reset', {})).status).toBe(200);

  expectSame(before, await snapshot(b));
});

test('A\'s reset gives A a new cluster and leaves B\'s cluster id and token working', async ({ portal }) => {
  const a = await portal.learner();
  const b = await portal.learner();
  const bBefore = await clusterOf(b);
  const reset = await a.post('/api/lab/reset', {});
  expect(reset.status).toBe(200);
  const aNew = JSON.parse(reset.text) as { clusterId: string };
  expect(aNew.clusterId).not.toBe(a.clusterId);
  expect(aNew.clusterId).not.toBe(b.clusterId);
  expect(await clusterOf(b)).toEqual(bBefore);
});

test('two learners applying the same manifest at the same time each get their own objects', async ({ portal }) => {
  const a = await portal.learner();
  const b = await portal.learner();
  const yaml = (owner: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\ndata:\n  owner: ${owner}\n`;
  const [ra, rb] = await Promise.all([a.apply(yaml('a')), b.apply(yaml('b'))]);
  expect([ra.status, rb.status]).toEqual([200, 200]);
  expect((await a.k8sJson<{ data: unknown }>('/api/v1/namespaces/default/configmaps/same')).data).toEqual({ owner: 'a' });
  expect((await b.k8sJson<{ data: unknown }>('/api/v1/namespaces/default/configmaps/same')).data).toEqual({ owner: 'b' });
});

test('B\'s event stream carries none of A\'s objects', async ({ portal }) => {
  const a = await portal.learner();
  const b = await portal.learner();
  const ac = new AbortController();
  let seen = '';
  const stream = b.call({ method: 'GET', path: '/api/lab/stream', sameOrigin: false, signal: ac.signal, timeoutMs: 25_000, onChunk: (t) => (seen += t) }).catch(() => undefined);
  // The stream's first list of each resource comes before the applies are watched for.
  for (let i = 0; i < 100 && !seen.includes('SNAPSHOT'); i++) await new Promise((r) => setTimeout(r, 100));
  // Services are among the resources the bench's stream watches.
  const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: x}\n  ports:\n  - port: 80\n`;
  expect((await a.apply(service('only-a-made-this'))).status).toBe(200);
  expect((await b.apply(service('b-made-this'))).status).toBe(200);
  for (let i = 0; i < 150 && !seen.includes('b-made-this'); i++) await new Promise((r) => setTimeout(r, 100));
  ac.abort();
  await stream;
  expect(seen, "B's stream shows B's own object").toContain('b-made-this');
  expect(seen, "B's stream shows nothing of A's").not.toContain('only-a-made-this');
});
