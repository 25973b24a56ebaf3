import { describe, expect, it } from 'vitest';
import { catchStatusError as refusal } from '../../status-error.testing';
import type { KubeObject } from '../../types';
import { ephemeralContainersOnCreate, MAX_EPHEMERAL_CONTAINERS, withEphemeralContainers } from './ephemeral-containers';

const live = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { app: 'web' } },
  spec: { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'nginx:1.27' }], volumes: [{ name: 'data', emptyDir: {} }], ...extra },
  status: { phase: 'Running' },
});

const debugger1 = { name: 'debugger-abcde', image: 'busybox:1.36', stdin: true, tty: true, targetContainerName: 'app', resources: {}, terminationMessagePolicy: 'File' };

describe('pods/ephemeralcontainers: what an update keeps', () => {
  it('adds the ephemeral container, defaulted as the API server defaults containers', () => {
    const next = withEphemeralContainers(live(), { spec: { ephemeralContainers: [debugger1] } });
    expect((next.spec as { ephemeralContainers: unknown[] }).ephemeralContainers).toEqual([
      { ...debugger1, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
    ]);
  });

  it('keeps everything but spec.ephemeralContainers as stored (dropNonEphemeralContainerUpdates)', () => {
    const sent = { metadata: { name: 'web', labels: { app: 'changed' } }, spec: { containers: [{ name: 'app', image: 'evil:1' }], ephemeralContainers: [debugger1] }, status: { phase: 'Failed' } };
    const next = withEphemeralContainers(live(), sent);
    expect(next.metadata.labels).toEqual({ app: 'web' });
    expect((next.spec as { containers: unknown[] }).containers).toEqual([{ name: 'app', image: 'nginx:1.27' }]);
    expect(next.status).toEqual({ phase: 'Running' });
  });

  it('keeps the resourceVersion the client sent, so a stale one conflicts in the store', () => {
    expect(withEphemeralContainers(live(), { metadata: { resourceVersion: '3' }, spec: { ephemeralContainers: [debugger1] } }).metadata.resourceVersion).toBe('3');
    expect(withEphemeralContainers(live(), { spec: { ephemeralContainers: [debugger1] } }).metadata.resourceVersion).toBe('7');
  });
});

describe('pods/ephemeralcontainers: what validation refuses, with the API server wording', () => {
  it.each([
    ['a name another container has', { ...debugger1, name: 'app' }, 'spec.ephemeralContainers[0].name: Duplicate value: "app"'],
    ['a name an init container has', { ...debugger1, name: 'init' }, 'spec.ephemeralContainers[0].name: Duplicate value: "init"'],
    ['a target container that does not exist', { ...debugger1, targetContainerName: 'nope' }, 'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"'],
    ['ports', { ...debugger1, ports: [{ containerPort: 80 }] }, 'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container'],
    ['a readiness probe', { ...debugger1, readinessProbe: { tcpSocket: { port: 80 } } }, 'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container'],
    ['resource limits', { ...debugger1, resources: { limits: { memory: '64Mi' } } }, 'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container'],
    ['lifecycle hooks', { ...debugger1, lifecycle: { preStop: { exec: { command: ['true'] } } } }, 'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container'],
    ['a subPath mount', { ...debugger1, volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x' }] }, 'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container'],
    ['a mount of a volume the pod lacks', { ...debugger1, volumeMounts: [{ name: 'nope', mountPath: '/d' }] }, 'spec.ephemeralContainers[0].volumeMounts[0].name: Not found: "nope"'],
    ['no image', { name: 'dbg' }, 'spec.ephemeralContainers[0].image: Required value'],
    ['an invalid name', { ...debugger1, name: 'Debug_1' }, 'spec.ephemeralContainers[0].name: Invalid value: "Debug_1": a lowercase RFC 1123 label'],
  ])('refuses %s', (_what, container, message) => {
    const e = refusal(() => withEphemeralContainers(live(), { spec: { ephemeralContainers: [container] } }));
    expect(e.code).toBe(422);
    expect(e.message).toContain(`Pod "web" is invalid: `);
    expect(e.message).toContain(message);
  });

  it('refuses changing an existing ephemeral container, and says which', () => {
    const added = withEphemeralContainers(live(), { spec: { ephemeralContainers: [debugger1] } });
    const e = refusal(() => withEphemeralContainers(added, { spec: { ephemeralContainers: [{ ...debugger1, image: 'alpine:3.20' }] } }));
    expect(e.code).toBe(422);
    expect(e.message).toContain('spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger-abcde" may not be changed');
    expect(e.message).toContain('image: "busybox:1.36" -> "alpine:3.20"');
  });

  it('refuses removing an existing ephemeral container', () => {
    const added = withEphemeralContainers(live(), { spec: { ephemeralContainers: [debugger1] } });
    const e = refusal(() => withEphemeralContainers(added, { spec: { ephemeralContainers: [] } }));
    expect(e.message).toContain('existing ephemeral containers "debugger-abcde" may not be removed');
  });

  it('accepts a second one beside the first, in any order', () => {
    const added = withEphemeralContainers(live(), { spec: { ephemeralContainers: [debugger1] } });
    const stored = (added.spec as { ephemeralContainers: unknown[] }).ephemeralContainers[0];
    const next = withEphemeralContainers(added, { spec: { ephemeralContainers: [{ name: 'second', image: 'alpine:3.20' }, stored] } });
    expect((next.spec as { ephemeralContainers: { name: string }[] }).ephemeralContainers.map((c) => c.name)).toEqual(['second', 'debugger-abcde']);
  });

  it('refuses a body that is not a Pod, or names another pod', () => {
    expect(refusal(() => withEphemeralContainers(live(), [1, 2])).code).toBe(400);
    expect(refusal(() => withEphemeralContainers(live(), { metadata: { name: 'other' }, spec: {} })).message).toContain('does not match the name on the URL (web)');
  });

  it('refuses static (mirror) pods as upstream does', () => {
    const mirror = live();
    mirror.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(refusal(() => withEphemeralContainers(mirror, { spec: { ephemeralContainers: [debugger1] } })).message).toContain('static pods do not support ephemeral containers');
  });

  it('refuses ephemeral containers in a pod being created', () => {
    expect(ephemeralContainersOnCreate({ ephemeralContainers: [debugger1] })).toEqual([{ reason: 'FieldValueForbidden', field: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create' }]);
    expect(ephemeralContainersOnCreate({ containers: [] })).toEqual([]);
  });
});

describe('pods/ephemeralcontainers: the sandbox bound', () => {
  it(`refuses more than ${MAX_EPHEMERAL_CONTAINERS} ephemeral containers in one pod, and says what to do instead`, () => {
    const list = Array.from({ length: MAX_EPHEMERAL_CONTAINERS }, (_, i) => ({ name: `d${i}`, image: 'busybox:1.36' }));
    const full = withEphemeralContainers(live(), { spec: { ephemeralContainers: list } });
    const e = refusal(() => withEphemeralContainers(full, { spec: { ephemeralContainers: [...(full.spec as { ephemeralContainers: unknown[] }).ephemeralContainers, { name: 'one-more', image: 'busybox:1.36' }] } }));
    expect(e.code).toBe(422);
    expect(e.message).toContain(`at most ${MAX_EPHEMERAL_CONTAINERS} ephemeral containers per pod`);
    expect(e.message).toContain('kubectl attach -it web -c <name>');
  });
});
