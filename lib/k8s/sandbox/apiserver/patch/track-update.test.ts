import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { seededRandom } from '../../controllers/framework/names';
import { trackUpdate, trackUpdateByTrees, type TrackUpdateArgs } from './track-update';
import { trackUpdateByPaths } from './track-update-by-paths';
import { serverSideApply } from './server-side-apply';

const podGvk = { group: '', version: 'v1', kind: 'Pod' };
const jobGvk = { group: 'batch', version: 'v1', kind: 'Job' };
const t0 = '2025-01-01T00:00:00Z';
const t1 = '2025-01-01T00:00:05Z';

type Managed = { manager: string; operation: string; time: string; subresource?: string; fieldsV1: Record<string, unknown> }[];
const managed = (o: KubeObject) => (o.metadata as { managedFields?: Managed }).managedFields;

function pod(over: { labels?: Record<string, string>; finalizers?: string[]; containers?: Record<string, unknown>[]; status?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: over.labels ?? { app: 'a' }, finalizers: over.finalizers ?? ['batch.kubernetes.io/job-tracking'], ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j1', controller: true }] },
    spec: { restartPolicy: 'Never', containers: over.containers ?? [{ name: 'c', image: 'busybox:1.36', command: ['date'], ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    ...(over.status ? { status: over.status } : {}),
  } as KubeObject;
}

/** Runs a sequence of writes through both implementations, each continuing from the reference's result. */
function both(args: TrackUpdateArgs): { fast: KubeObject | undefined; ref: KubeObject } {
  return { fast: trackUpdateByTrees(structuredClone(args)), ref: trackUpdateByPaths(structuredClone(args)) };
}

describe('trackUpdate', () => {
  it('writes the same managedFields as the path-by-path reference through a pod lifecycle', () => {
    const created = both({ before: undefined, after: pod(), manager: 'kube-controller-manager', gvk: podGvk, time: t0, operation: 'Update' });
    expect(created.fast).toEqual(created.ref);
    const running = pod({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true }] } });
    const status = both({ before: created.ref, after: running, manager: 'kubelet', gvk: podGvk, time: t1, operation: 'Update', subresource: 'status' });
    expect(status.fast).toEqual(status.ref);
    expect(managed(status.ref)!.map((m) => m.manager)).toEqual(['kube-controller-manager', 'kubelet']);
    const done = pod({ status: { phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }] } });
    const finished = both({ before: status.ref, after: done, manager: 'kubelet', gvk: podGvk, time: t1, operation: 'Update', subresource: 'status' });
    expect(finished.fast).toEqual(finished.ref);
    const unfinalized = both({ before: finished.ref, after: { ...pod({ finalizers: [] }), status: done.status }, manager: 'kube-controller-manager', gvk: podGvk, time: t1, operation: 'Update' });
    expect(unfinalized.fast).toEqual(unfinalized.ref);
    const relabelled = both({ before: unfinalized.ref, after: pod({ labels: { app: 'b', tier: 'x' }, finalizers: [] }), manager: 'kubectl-edit', gvk: podGvk, time: t1, operation: 'Update' });
    expect(relabelled.fast).toEqual(relabelled.ref);
    expect(managed(relabelled.ref)!.map((m) => m.manager)).toEqual(['kube-controller-manager', 'kubelet', 'kubectl-edit']);
  });

  it('gives a changed container field (and the changed entry) to the writer, as the reference does', () => {
    const applied = serverSideApply({ live: undefined, applied: pod(), manager: 'kubectl', force: false, gvk: podGvk, time: t0 });
    const args: TrackUpdateArgs = { before: applied, after: pod({ containers: [{ name: 'c', image: 'busybox:1.37', command: ['date'], ports: [{ containerPort: 80, protocol: 'TCP' }] }] }), manager: 'kubectl-set', gvk: podGvk, time: t1, operation: 'Update' };
    const { fast, ref } = both(args);
    expect(fast).toEqual(ref);
    const [, setter] = managed(ref)!;
    expect(setter.fieldsV1).toEqual({ 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {} } } } });
  });

  it('drops ownership of removed status fields on a status write and leaves spec ownership as it was', () => {
    const job = (status: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default', uid: 'j1' }, spec: { parallelism: 1, template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } }, status }) as KubeObject;
    const created = trackUpdateByPaths({ before: undefined, after: job({}), manager: 'cronjob-controller', gvk: jobGvk, time: t0, operation: 'Update' });
    const active = trackUpdateByPaths({ before: created, after: job({ active: 1, ready: 0, uncountedTerminatedPods: {} }), manager: 'job-controller', gvk: jobGvk, time: t0, operation: 'Update', subresource: 'status' });
    const { fast, ref } = both({ before: active, after: job({ succeeded: 1, ready: 0, uncountedTerminatedPods: {} }), manager: 'job-controller', gvk: jobGvk, time: t1, operation: 'Update', subresource: 'status' });
    expect(fast).toEqual(ref);
    expect(managed(ref)![1].fieldsV1).toEqual({ 'f:status': { 'f:ready': {}, 'f:uncountedTerminatedPods': {}, 'f:succeeded': {} } });
    expect(managed(fast!)![0]).toEqual(managed(active)![0]);
  });

  it('does not change the objects it is given', () => {
    const before = trackUpdateByPaths({ before: undefined, after: pod({ status: { phase: 'Running' } }), manager: 'a', gvk: podGvk, time: t0, operation: 'Update' });
    const after = pod({ labels: { app: 'b' }, finalizers: [], status: { phase: 'Running' } });
    const snapshot = structuredClone({ before, after });
    trackUpdateByTrees({ before, after, manager: 'b', gvk: podGvk, time: t1, operation: 'Update' });
    trackUpdateByTrees({ before, after, manager: 'a', gvk: podGvk, time: t1, operation: 'Update' });
    expect({ before, after }).toEqual(snapshot);
  });

  it('leaves a list with a repeated key to the reference route', () => {
    const twice = pod({ containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] });
    const args: TrackUpdateArgs = { before: pod(), after: twice, manager: 'm', gvk: podGvk, time: t1, operation: 'Update' };
    expect(trackUpdateByTrees(args)).toBeUndefined();
    expect(trackUpdate(args)).toEqual(trackUpdateByPaths(args));
  });

  it('leaves FieldsV1 that is not in normal form to the reference route, which normalises it', () => {
    const before = { ...pod(), metadata: { ...pod().metadata, managedFields: [{ manager: 'old', operation: 'Update', apiVersion: 'v1', time: t0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:restartPolicy': true } } }] } } as KubeObject;
    const args: TrackUpdateArgs = { before, after: pod({ labels: { app: 'b' } }), manager: 'm', gvk: podGvk, time: t1, operation: 'Update' };
    expect(trackUpdateByTrees(args)).toBeUndefined();
    expect(managed(trackUpdate(args))!.map((m) => m.manager)).toEqual(['m']);
  });

  it('builds the ownership of a new object in one pass, the same as the reference, repeated list keys included', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const names = ['a', 'b', 'a', 'c'].filter(() => random() < 0.6);
      const containers = names.map((name) => ({ name, image: 'busybox', ...(random() < 0.5 ? { env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }].slice(0, 1 + Math.floor(random() * 2)) } : {}), ...(random() < 0.3 ? { resources: {}, args: [] } : {}) }));
      const after = pod({ containers, finalizers: random() < 0.5 ? ['f', 'f'] : [], labels: random() < 0.5 ? {} : { app: 'a' }, ...(random() < 0.5 ? { status: { phase: 'Pending' } } : {}) });
      const subresource = random() < 0.2 ? 'status' : undefined;
      const args: TrackUpdateArgs = { before: undefined, after, manager: 'm', gvk: podGvk, time: t0, operation: 'Update', subresource };
      expect(trackUpdateByTrees(structuredClone(args))).toEqual(trackUpdateByPaths(structuredClone(args)));
    }
  });

  it('agrees with the reference on random edits by several managers', () => {
    const random = seededRandom(42);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const managers = ['kubectl', 'kubelet', 'job-controller', 'editor'];
    const randomPod = (): KubeObject => {
      const containers = ['a', 'b', 'c'].filter(() => random() < 0.7).map((name) => ({
        name,
        image: pick(['busybox:1.36', 'nginx:1.27']),
        ...(random() < 0.5 ? { env: [{ name: 'X', value: pick(['1', '2']) }] } : {}),
        ...(random() < 0.3 ? { ports: [{ containerPort: pick([80, 8080]) }] } : {}),
      }));
      const status = random() < 0.5 ? { phase: pick(['Running', 'Succeeded']), conditions: [{ type: 'Ready', status: pick(['True', 'False']) }], ...(random() < 0.5 ? { podIP: '10.0.0.1' } : {}) } : undefined;
      const labels: Record<string, string> = {};
      if (random() < 0.7) labels.app = pick(['a', 'b']);
      if (random() < 0.3) labels.tier = 'x';
      return pod({ labels, finalizers: random() < 0.5 ? ['f1'] : ['f1', 'f2'], containers, ...(status ? { status } : {}) });
    };
    let live: KubeObject | undefined;
    for (let i = 0; i < 300; i++) {
      const subresource = random() < 0.4 ? 'status' : undefined;
      const args: TrackUpdateArgs = { before: live, after: randomPod(), manager: pick(managers), gvk: podGvk, time: `2025-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`, operation: 'Update', subresource };
      const { fast, ref } = both(args);
      expect(fast).toEqual(ref);
      live = ref;
    }
  });
  it('agrees with the reference on random objects whose fields appear, change shape and vanish, over stale ownership', () => {
    const random = seededRandom(2024);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const maybe = <T,>(p: number, v: () => T): T | undefined => (random() < p ? v() : undefined);
    const scalarOrShape = (): unknown => pick<unknown>(['x', 'y', 1, true, null, {}, [], ['a'], { a: pick(['1', '2']) }, { a: { b: 1 } }]);
    const randomPod = (): KubeObject => {
      const containers = ['a', 'b', 'c'].filter(() => random() < 0.6).map((name) => ({
        name,
        ...(maybe(0.8, () => pick(['busybox:1.36', 'nginx:1.27'])) !== undefined ? { image: pick(['busybox:1.36', 'nginx:1.27']) } : {}),
        ...(random() < 0.4 ? { env: ['X', 'Y'].filter(() => random() < 0.7).map((n) => ({ name: n, value: pick(['1', '2']) })) } : {}),
        ...(random() < 0.3 ? { ports: [{ containerPort: pick([80, 8080]), protocol: 'TCP' }] } : {}),
        ...(random() < 0.3 ? { resources: scalarOrShape() } : {}),
        ...(random() < 0.3 ? { command: pick([['date'], ['sh', '-c', 'x'], []]) } : {}),
      }));
      const spec: Record<string, unknown> = { containers };
      if (random() < 0.5) spec.restartPolicy = pick(['Never', 'OnFailure']);
      if (random() < 0.3) spec.nodeSelector = random() < 0.5 ? {} : { disk: pick(['ssd', 'hdd']) };
      if (random() < 0.3) spec.extra = scalarOrShape();
      if (random() < 0.2) spec.tolerations = [{ key: 'k', operator: 'Exists' }];
      const status = random() < 0.6
        ? {
            phase: pick(['Pending', 'Running', 'Succeeded']),
            ...(random() < 0.7 ? { conditions: ['Ready', 'PodScheduled'].filter(() => random() < 0.7).map((type) => ({ type, status: pick(['True', 'False']), ...(random() < 0.3 ? { reason: 'R' } : {}) })) } : {}),
            ...(random() < 0.4 ? { podIPs: [{ ip: pick(['10.0.0.1', '10.0.0.2']) }] } : {}),
            ...(random() < 0.3 ? { extra: scalarOrShape() } : {}),
          }
        : undefined;
      const metadata: Record<string, unknown> = { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: String(Math.floor(random() * 100)) };
      if (random() < 0.7) metadata.labels = random() < 0.2 ? {} : { app: pick(['a', 'b']), ...(random() < 0.3 ? { tier: 'x' } : {}) };
      if (random() < 0.5) metadata.finalizers = ['f1', 'f2', 'f3'].filter(() => random() < 0.6);
      if (random() < 0.4) metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: pick(['j1', 'j2']), controller: true }];
      if (random() < 0.2) metadata.annotations = { note: scalarOrShape() };
      return { apiVersion: 'v1', kind: 'Pod', metadata, spec, ...(status ? { status } : {}) } as KubeObject;
    };
    const managers = ['kubectl', 'kubelet', 'job-controller', 'editor'];
    let live: KubeObject | undefined;
    let fastTaken = 0;
    for (let i = 0; i < 1500; i++) {
      const subresource = random() < 0.4 ? 'status' : undefined;
      const args: TrackUpdateArgs = { before: live, after: randomPod(), manager: pick(managers), gvk: podGvk, time: `2025-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`, operation: 'Update', subresource };
      const { fast, ref } = both(args);
      if (fast !== undefined) {
        fastTaken++;
        expect(fast).toEqual(ref);
      }
      // Now and then the object changes without tracking (a store-level write such as the
      // garbage collector's), which leaves ownership of fields that are gone.
      live = random() < 0.15 ? { ...randomPod(), metadata: { ...randomPod().metadata, managedFields: (ref.metadata as { managedFields?: unknown }).managedFields } } as KubeObject : ref;
    }
    expect(fastTaken).toBeGreaterThan(1400);
  });
});
