import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../k8s/sandbox/parts';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { logStream, parseLogRequest } from './logs';
import { LabError } from './errors';

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('bench logs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'logs-test' }));
    const client = s.cluster.context.client;
    client.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'worker', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    client.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'waiting', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    const pod = client.get({ group: '', resource: 'pods' }, 'default', 'worker')!;
    pod.status = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'busybox:1.36', imageID: '', state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }] };
    client.updateStatus(pod);
    s.cluster.logs.append({ namespace: 'default', pod: 'worker', container: 'app' }, { time: s.cluster.clock.now(), text: 'Processing item 1' });
    s.cluster.logs.append({ namespace: 'default', pod: 'worker', container: 'app' }, { time: s.cluster.clock.now(), text: 'Processing item 2' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reads a container log and its tail', async () => {
    const kc = clientKubeConfig({ server: s.url, token: s.token });
    const all = parseLogRequest(new URL('http://x/?pod=worker&container=app'), 'default');
    expect(await text(await logStream(kc, all, new AbortController().signal))).toBe('Processing item 1\nProcessing item 2\n');
    const tail = parseLogRequest(new URL('http://x/?pod=worker&container=app&tailLines=1'), 'default');
    expect(await text(await logStream(kc, tail, new AbortController().signal))).toBe('Processing item 2\n');
  });

  it('says why a log cannot be read, in the API server\'s words', async () => {
    const kc = clientKubeConfig({ server: s.url, token: s.token });
    const r = parseLogRequest(new URL('http://x/?pod=waiting&container=app'), 'default');
    await expect(logStream(kc, r, new AbortController().signal)).rejects.toThrow('container "app" in pod "waiting" is waiting to start: ContainerCreating');
  });

  it('ends a followed log when the learner closes it, without an uncaught error in the portal', async () => {
    const kc = clientKubeConfig({ server: s.url, token: s.token });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    try {
      const closed = new AbortController();
      const follow = parseLogRequest(new URL('http://x/?pod=worker&container=app&follow=1'), 'default');
      const reader = (await logStream(kc, follow, closed.signal)).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('Processing item 1');
      closed.abort();
      // The follow would go on for ever; closing it ends the stream instead.
      for (;;) if ((await reader.read()).done) break;
      await new Promise((r) => setTimeout(r, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
  });

  it('refuses malformed names and limits before calling the cluster', () => {
    expect(() => parseLogRequest(new URL('http://x/?pod=../etc&container=app'), 'default')).toThrow(LabError);
    expect(() => parseLogRequest(new URL('http://x/?pod=a&container=b&tailLines=-1'), 'default')).toThrow('tailLines');
  });
});
