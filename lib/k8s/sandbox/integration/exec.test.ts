/** pods/exec over WebSocket v5.channel.k8s.io, with a small echo executor standing in for the runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Executor } from '../apiserver/exec';
import { kubectl, requireKubectl } from './support/kubectl';
import { startTestServer, type TestServer } from './support/test-server';

/** `echo ...` prints its args; `cat` echoes stdin until closed; `fail` exits 3 with a stderr line. */
const executor: Executor = (req, io) => {
  const [cmd, ...args] = req.command;
  let buffered = '';
  if (cmd === 'echo') {
    io.stdout(`${args.join(' ')}\n`);
    io.exit(0);
  } else if (cmd === 'fail') {
    io.stderr('boom\n');
    io.exit(3);
  }
  return {
    write: (d) => {
      buffered += d.toString();
    },
    closeStdin: () => {
      io.stdout(buffered);
      io.exit(0);
    },
    kill: () => undefined,
  };
};

describe('pods/exec', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
    s.cluster.api.setExecutor(executor);
    const gr = { group: '', resource: 'pods' };
    s.cluster.store.create(gr, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box', namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'worker-1' },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    });
    s.cluster.store.create(gr, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox' }] }, status: { phase: 'Pending' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  function open(query: string): Promise<{ frames: Buffer[]; protocol: string }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/box/exec?${query}`, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
      const frames: Buffer[] = [];
      ws.on('open', () => {
        if (query.includes('stdin=true')) {
          ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello stdin')]));
          ws.send(Buffer.from([255, 0]));
        }
      });
      ws.on('message', (d: Buffer) => frames.push(d));
      ws.on('close', () => resolve({ frames, protocol: ws.protocol }));
      ws.on('error', reject);
    });
  }

  it('negotiates v5 and sends stdout then a Success status on channel 3', async () => {
    const { frames, protocol } = await open('command=echo&command=hi&stdout=true&stderr=true');
    expect(protocol).toBe('v5.channel.k8s.io');
    expect(frames.map((f) => [f[0], f.subarray(1).toString()])).toEqual([
      [1, 'hi\n'],
      [3, JSON.stringify({ metadata: {}, status: 'Success' })],
    ]);
  });

  it('reports a non-zero exit code the way the kubelet does', async () => {
    const { frames } = await open('command=fail&stdout=true&stderr=true');
    expect(frames[0][0]).toBe(2);
    const status = JSON.parse(frames[1].subarray(1).toString());
    expect(status.reason).toBe('NonZeroExitCode');
    expect(status.details.causes).toEqual([{ reason: 'ExitCode', message: '3' }]);
  });

  it('streams stdin until the v5 close signal', async () => {
    const { frames } = await open('command=cat&stdin=true&stdout=true');
    expect(frames[0].subarray(1).toString()).toBe('hello stdin');
  });

  describe.runIf(requireKubectl())('with kubectl', () => {
    it('runs kubectl exec and propagates the exit code', async () => {
      const ok = await kubectl(s.kubeconfig, ['exec', 'box', '--', 'echo', 'from', 'kubectl']);
      expect(ok.stdout).toBe('from kubectl\n');
      expect(ok.code).toBe(0);
      const bad = await kubectl(s.kubeconfig, ['exec', 'box', '--', 'fail']);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toContain('boom');
    });

    it('refuses exec into a container that is not running', async () => {
      const r = await kubectl(s.kubeconfig, ['exec', 'pending', '--', 'echo', 'x']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('container not found ("app")');
    });
  });
});
