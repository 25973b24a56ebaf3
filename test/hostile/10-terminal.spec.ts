/**
 * The lab terminal's kubectl, attacked the ways issue 15 lists and more: reading server files
 * into objects or output formats, verbs hidden behind a flag's value, flags that point kubectl
 * at another server, credential plugins, profiles and logs written on the server. Each command
 * must be refused by name (kubectl never starts), and the suite's invariants check that no
 * answer carried a marker or token, no port opened and no file appeared.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expect, LEARNER_FILE_PREFIX, test } from './support/fixtures';
import { CLUSTER_RECORDS_FILE, HOSTILE_PORT, MARKER_FILE, OUTSIDE_MARKER_FILE } from './support/layout';
import { isListening } from './support/machine';
import { expectTerminalRefused } from './support/refusals';

/** From kubectl's working directory today (<data dir>/kubectl/<learner>), the data directory is ../.. */
const REL_TOKEN = '../../instructor-token';
const REL_MARKER = '../../MARKER-do-not-leak';
const tmpName = (what: string) => `/tmp/${LEARNER_FILE_PREFIX}${what}-${randomBytes(4).toString('hex')}`;

const refusedCommands: Array<{ name: string; command: string; names: RegExp }> = [
  { name: 'create configmap --from-file with the relative path of the instructor token is refused', command: `kubectl create configmap leak --from-file=${REL_TOKEN}`, names: /from[-_]file/ },
  { name: 'create configmap --from-file with the absolute path of the planted marker is refused', command: `kubectl create configmap leak --from-file=${MARKER_FILE}`, names: /from[-_]file/ },
  { name: 'create configmap --from-file=key=path is refused', command: `kubectl create configmap leak --from-file=k=${REL_MARKER}`, names: /from[-_]file/ },
  { name: 'create configmap --from-file naming a whole directory is refused', command: 'kubectl create configmap leak --from-file ../..', names: /from[-_]file/ },
  { name: 'create configmap --from-file climbing to the marker beside the data directory is refused', command: 'kubectl create configmap leak --from-file=../../../hostile-outside/MARKER-outside', names: /from[-_]file/ },
  { name: 'create configmap --from-env-file of the marker is refused', command: `kubectl create configmap leak --from-env-file=${REL_MARKER}`, names: /from[-_]env[-_]file/ },
  { name: 'create configmap --from-env-file of a marker outside the data directory is refused', command: `kubectl create configmap leak --from-env-file ${OUTSIDE_MARKER_FILE}`, names: /from[-_]env[-_]file/ },
  { name: 'create secret generic --from-file of the cluster records file is refused', command: `kubectl create secret generic leak --from-file=${CLUSTER_RECORDS_FILE}`, names: /from[-_]file/ },
  { name: 'create secret tls --cert and --key of server files are refused', command: `kubectl create secret tls leak --cert=${REL_TOKEN} --key=${REL_MARKER}`, names: /cert|key/ },
  { name: 'create secret docker-registry --from-file is refused', command: `kubectl create secret docker-registry leak --from-file=.dockerconfigjson=${REL_MARKER}`, names: /from[-_]file/ },
  { name: '-o go-template-file naming the marker is refused', command: `kubectl get pods -o go-template-file=${MARKER_FILE}`, names: /go-template-file|output|-o\b/ },
  { name: '-ogo-template-file glued to the flag is refused', command: `kubectl get pods -ogo-template-file=${MARKER_FILE}`, names: /go-template-file|output|-o\b/ },
  { name: '--output=go-template-file is refused', command: `kubectl get pods --output=go-template-file=${REL_TOKEN}`, names: /go-template-file|output/ },
  { name: '-o=jsonpath-file is refused', command: `kubectl get pods -o=jsonpath-file=${REL_MARKER}`, names: /jsonpath-file|output|-o\b/ },
  { name: '-o custom-columns-file is refused', command: `kubectl get pods -o custom-columns-file=${OUTSIDE_MARKER_FILE}`, names: /custom-columns-file|output|-o\b/ },
  { name: 'a verb hidden as the value of -n (kubectl -n get config view --raw) is refused', command: 'kubectl -n get config view --raw', names: /config/ },
  { name: 'a verb hidden as the value of --namespace (kustomize of the data directory) is refused', command: 'kubectl --namespace get kustomize ../..', names: /kustomize/ },
  { name: 'a verb hidden as the value of -n (cp from a pod to the server) is refused', command: `kubectl -n get cp default/p:/etc/hostname ${tmpName('cp')}`, names: /\bcp\b/ },
  { name: 'config set-credentials with an exec credential plugin is refused', command: `kubectl config set-credentials x --exec-command=touch --exec-arg=${tmpName('exec')}`, names: /config|exec[-_]command/ },
  { name: 'config set-credentials behind -n with an exec plugin is refused', command: 'kubectl -n default config set-credentials kubelab --exec-command=/bin/sh --exec-api-version=client.authentication.k8s.io/v1', names: /config|exec[-_]command/ },
  { name: '--profile=cpu --profile_output writing a server file is refused', command: `kubectl get pods --profile=cpu --profile_output=${tmpName('profile')}`, names: /profile/ },
  { name: '--profile-output with dashes is refused', command: `kubectl get pods --profile=heap --profile-output=${tmpName('heap')}`, names: /profile/ },
  { name: 'glued short flags -Rs smuggling a server URL are refused', command: 'kubectl get pods -Rs http://127.0.0.1:1', names: /server|-s\b/ },
  { name: 'a glued -s value (-shttp://...) is refused', command: 'kubectl get pods -shttp://127.0.0.1:1 -v=9', names: /server|-s\b/ },
  { name: '--server with another port of this machine is refused', command: `kubectl --server=http://127.0.0.1:${HOSTILE_PORT} get --raw /api/lab/kubeconfig`, names: /server/ },
  { name: '--log-file writing a server file is refused', command: `kubectl get pods --log-file=${tmpName('log')} --logtostderr=false`, names: /log[-_]file|logtostderr/ },
  { name: '--log_file spelled with an underscore is refused', command: `kubectl get pods --log_file=${tmpName('log')} --logtostderr=false`, names: /log[-_]file|logtostderr/ },
  { name: '--log-dir is refused', command: `kubectl get pods --log-dir=${tmpName('logdir')} --logtostderr=false`, names: /log[-_]dir|logtostderr/ },
  { name: '--cache-dir on the server is refused', command: `kubectl get pods --cache-dir=${tmpName('cache')}`, names: /cache[-_]dir/ },
  { name: '--cache_dir spelled with an underscore is refused', command: `kubectl api-resources --cache_dir=${tmpName('cache')}`, names: /cache[-_]dir/ },
  { name: '--kubeconfig naming the cluster records file is refused', command: `kubectl get pods --kubeconfig=${CLUSTER_RECORDS_FILE}`, names: /kubeconfig/ },
  { name: '--kubeconfig before the verb is refused', command: `kubectl --kubeconfig ${REL_MARKER} get pods`, names: /kubeconfig/ },
  { name: '--token, --as and --as-group (another identity) are refused', command: 'kubectl get secrets --as=system:admin --as-group=system:masters --token=abc', names: /--as|token|identity/ },
  { name: '--user, --context and --cluster are refused', command: 'kubectl get pods --context=other --user=other --cluster=other', names: /context|user|cluster/ },
  { name: '--certificate-authority naming a server file is refused', command: `kubectl get pods --certificate-authority=${MARKER_FILE}`, names: /certificate-authority/ },
  { name: 'apply -f of the instructor token path is refused', command: `kubectl apply -f ${REL_TOKEN}`, names: /-f|filename/ },
  { name: 'apply -f of an absolute server path is refused', command: `kubectl apply -f ${OUTSIDE_MARKER_FILE}`, names: /-f|filename/ },
  { name: 'apply --filename= of a server path is refused', command: `kubectl apply --filename=${REL_MARKER}`, names: /-f|filename/ },
  { name: 'apply -f with a URL is refused', command: `kubectl apply -f http://127.0.0.1:${HOSTILE_PORT}/api/lab/kubeconfig`, names: /-f|filename|URL/i },
  { name: 'apply -f climbing out of the resource library is refused', command: 'kubectl apply -f workload-types/../../../../instructor-token', names: /-f|filename|library/ },
  { name: 'apply -k of the data directory is refused', command: 'kubectl apply -k ../..', names: /-k|kustomize/ },
  { name: 'kubectl proxy is refused', command: 'kubectl proxy --port=18998 --address=0.0.0.0', names: /proxy/ },
  { name: 'kubectl plugin is refused', command: 'kubectl plugin list', names: /plugin/ },
  { name: 'kubectl edit is refused', command: 'kubectl edit configmap x', names: /edit/ },
  { name: 'kubectl debug of a node is refused', command: 'kubectl debug node/kubelab-worker-1 --image=busybox:1.36', names: /debug/ },
  { name: 'cluster-info dump writing a directory on the server is refused', command: `kubectl cluster-info dump --output-directory=${tmpName('dump')}`, names: /dump|output-directory/ },
];

for (const c of refusedCommands) {
  test(c.name, async ({ portal }) => {
    const l = await portal.learner();
    const r = await l.terminal(c.command);
    expectTerminalRefused(r, c.names);
    // Whatever the command tried to write on the server is not there.
    for (const p of c.command.match(new RegExp(`/tmp/${LEARNER_FILE_PREFIX}[a-z]+-[0-9a-f]{8}`, 'g')) ?? []) expect(fs.existsSync(p), `${p} was not written`).toBe(false);
  });
}

test('cat of the instructor token runs on the workstation\'s own filesystem and finds nothing of the server\'s', async ({ portal }) => {
  const l = await portal.learner();
  // The terminal is a shell on a simulated workstation (issue 19): cat runs, in memory, with no server file in reach.
  const r = await l.terminal(`cat ${REL_TOKEN} /etc/passwd; ls /`);
  expect(r.out).toMatch(/No such file|can't open/);
  // The leak check after the case fails if the token itself came back; its name may be echoed.
  expect(r.out).not.toMatch(/root:x:0/);
  const after = await l.terminal('echo still-here');
  expect(after.out).toBe('still-here\n');
});

// The terminal is a shell of its own (pipes, $(...), redirections): what it reads and writes is
// the learner's simulated workstation, never the server.
const shellLines: Array<{ name: string; line: string }> = [
  { name: 'a shell line after a kubectl command reads nothing of the server', line: `kubectl get pods; cat ${REL_TOKEN} ${MARKER_FILE}` },
  { name: 'command substitution of a server file inside a kubectl argument reads nothing', line: `kubectl get pods -l app="$(cat ${REL_TOKEN})"` },
  { name: 'a redirection into a server path writes nothing there', line: `kubectl get pods -o yaml > /tmp/${LEARNER_FILE_PREFIX}redirect; echo x > ${MARKER_FILE}; cat ${MARKER_FILE}` },
  { name: 'a pipe from kubectl into a shell reads nothing of the server', line: `echo cat ${REL_MARKER} | sh; ls -la ../.. /proc/self/cwd` },
  { name: 'cd to the data directory finds an empty workstation', line: `cd ${MARKER_FILE.slice(0, MARKER_FILE.lastIndexOf('/'))} && ls -la; cd / && ls` },
  { name: 'source and dot of a server file read nothing', line: `. ${MARKER_FILE}; source ${OUTSIDE_MARKER_FILE}; echo "[$KUBELAB_MARKER]"` },
];

for (const c of shellLines) {
  test(c.name, async ({ portal }) => {
    const l = await portal.learner();
    const r = await l.terminal(c.line);
    // The leak check after the case fails if a marker or token came back.
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    // Names may be echoed in "can't open" messages; contents never (the leak check after the case).
    expect(r.out).not.toMatch(/KUBELAB_MARKER|"token"|root:x:0/);
    expect(fs.existsSync(`/tmp/${LEARNER_FILE_PREFIX}redirect`), 'nothing was written in the server\'s /tmp').toBe(false);
  });
}

test('three kubectl watches started as background jobs: the third is refused with the per-learner limit', async ({ portal }) => {
  const l = await portal.learner();
  const r = await l.terminal('kubectl get pods -w & kubectl get pods -w & sleep 2; kubectl get pods -w; kill %1 %2', { timeoutMs: 30_000 });
  expect(r.out + (r.error ?? ''), r.text.slice(0, 400)).toMatch(/already have 2 kubectl commands running|at once|too many/i);
});

test('the issue\'s configmap leak finds nothing to print afterwards', async ({ portal }) => {
  const l = await portal.learner();
  await l.terminal(`kubectl create configmap leak --from-file=${REL_TOKEN}`);
  const printed = await l.terminal('kubectl get cm leak -o jsonpath={.data}');
  expect(printed.out).not.toMatch(/instructor-token/);
  const cm = await l.k8s('/api/v1/namespaces/default/configmaps/leak');
  expect(cm.status, 'no configmap named leak was created').toBe(404);
});

test('kubectl -n get proxy --port is refused and no port opens on the server', async ({ portal }) => {
  const l = await portal.learner();
  const ac = new AbortController();
  let opened = false;
  const running = l.terminal('kubectl -n get proxy --port=18999', { signal: ac.signal, timeoutMs: 8000 }).catch(() => undefined);
  // A proxy that started would listen within a second or two; watch for it, then stop the run.
  const until = Date.now() + 4000;
  let r = await Promise.race([running, new Promise<undefined>((res) => setTimeout(() => res(undefined), 200))]);
  while (!r && Date.now() < until) {
    opened ||= isListening(18999);
    r = await Promise.race([running, new Promise<undefined>((res) => setTimeout(() => res(undefined), 200))]);
  }
  opened ||= isListening(18999);
  ac.abort();
  expect(opened, 'nothing listened on port 18999').toBe(false);
  expect(r, 'the command was answered at once, not left running').toBeTruthy();
  expectTerminalRefused(r!, /proxy/);
});

test('kubectl get --raw of another learner\'s cluster path shows none of their objects', async ({ portal }) => {
  const [a, b] = [await portal.learner(), await portal.learner()];
  expect((await b.terminal('kubectl create configmap only-b-has-this --from-literal=k=v')).exit).toBe(0);
  const r = await a.terminal(`kubectl get --raw /k8s/${b.clusterId}/api/v1/namespaces/default/configmaps`);
  expect(r.out + (r.error ?? '')).not.toContain('only-b-has-this');
});

test('ordinary commands still run: get pods and create configmap --from-literal', async ({ portal }) => {
  const l = await portal.learner();
  const get = await l.terminal('kubectl get pods');
  expect(get.exit, get.text).toBe(0);
  const create = await l.terminal('kubectl create configmap fine --from-literal=greeting=hello');
  expect(create.exit, create.text).toBe(0);
  const cm = await l.k8sJson<{ data?: Record<string, string> }>('/api/v1/namespaces/default/configmaps/fine');
  expect(cm.data).toEqual({ greeting: 'hello' });
});

test('kubectl apply -f editor and -f of a library file still work', async ({ portal }) => {
  const l = await portal.learner();
  const editor = await l.terminal('kubectl apply -f editor', { editor: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\ndata:\n  a: b\n' });
  expect(editor.exit, editor.text).toBe(0);
  const library = await l.terminal('kubectl apply -f workload-types/daemonset-examples.yaml --dry-run=server');
  expect(library.exit, library.text).toBe(0);
});

test('at most two kubectl runs per learner go at once; the third is refused with a reason', async ({ portal }) => {
  const l = await portal.learner();
  const ac = new AbortController();
  const runs = [0, 1, 2, 3].map(() => l.terminal('kubectl get pods -w', { signal: ac.signal, timeoutMs: 6000 }).catch(() => undefined));
  const settled = await Promise.race([Promise.all(runs), new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
  ac.abort();
  const results = settled ?? (await Promise.all(runs));
  const refused = results.filter((r) => r && (r.error || r.status === 429));
  expect(refused.length, 'two of four concurrent watches are refused').toBeGreaterThanOrEqual(2);
  for (const r of refused) expect(r!.error ?? r!.text).toMatch(/at once|running|two|concurrent|wait|too many/i);
});

test('kubectl exec cannot read the server\'s files from inside a pod', async ({ portal }) => {
  const l = await portal.learner();
  await l.runPod('reader', 'sleep 3600');
  const r = await l.terminal(`kubectl exec reader -- cat ${MARKER_FILE} ${OUTSIDE_MARKER_FILE} /proc/1/environ`);
  expect(r.exit, r.text).not.toBe(0);
});

test('a hostPath volume naming the data directory shows the simulated node, not the server', async ({ portal }) => {
  const l = await portal.learner();
  const dataDir = MARKER_FILE.slice(0, MARKER_FILE.lastIndexOf('/'));
  const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostpath\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    volumeMounts:\n    - {name: host, mountPath: /host}\n  volumes:\n  - name: host\n    hostPath: {path: ${JSON.stringify(dataDir)}, type: DirectoryOrCreate}\n`;
  const applied = await l.apply(yaml);
  expect(applied.status, applied.text).toBe(200);
  for (let i = 0; i < 60; i++) {
    const pod = await l.k8sJson<{ status?: { phase?: string } }>('/api/v1/namespaces/default/pods/hostpath');
    if (pod.status?.phase === 'Running') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const r = await l.terminal('kubectl exec hostpath -- ls -la /host');
  expect(r.out).not.toMatch(/instructor-token|MARKER-do-not-leak|kubelab\.db|sandbox-clusters/);
});

test('kubectl diff -f editor runs without leaving files on the server', async ({ portal }) => {
  const l = await portal.learner();
  const r = await l.terminal('kubectl diff -f editor', { editor: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: diffed\ndata:\n  a: b\n' });
  // Refused, or run: kubectl diff exits 1 when there are differences. Leftover LIVE-/MERGED-
  // folders in /tmp would fail the checks after the case.
  expect(r.error !== undefined || r.exit === 0 || r.exit === 1, r.text.slice(0, 300)).toBe(true);
});

test('kubectl port-forward opens no port on the server', async ({ portal }) => {
  const l = await portal.learner();
  await l.runPod('pf', 'sleep 3600');
  const ac = new AbortController();
  const running = l.terminal('kubectl port-forward pod/pf 18997:80', { signal: ac.signal, timeoutMs: 8000 }).catch(() => undefined);
  let opened = false;
  for (let i = 0; i < 15; i++) {
    opened ||= isListening(18997);
    await new Promise((r) => setTimeout(r, 200));
  }
  ac.abort();
  await running;
  expect(opened, 'nothing listened on port 18997 of the server').toBe(false);
});
