/**
 * receiveWaiting: the worker's turns (lib/turns/turns.ts) serve the port's messages between two
 * clusters' drains instead of once an event-loop turn. What it takes must be what the port holds,
 * in the port's order, each message once.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../host';
import { clusterOperations } from '../../../lab/cluster-operations';
import type { ToWorker } from './protocol';
import { WorkerSide, type WorkerEndpoint } from './worker-side';

describe('WorkerSide.receiveWaiting', () => {
  it('handles the messages waiting on the port in order, at most max of them, and the port delivers the rest once', async () => {
    const touched: string[] = [];
    const host = { touch: (id: string) => touched.push(id) } as unknown as SandboxHost;
    const channel = new MessageChannel();
    const side = new WorkerSide(channel.port2 as unknown as WorkerEndpoint, host, clusterOperations);
    for (const id of ['a', 'b', 'c']) channel.port1.postMessage({ t: 'touch', clusterId: id } satisfies ToWorker);

    side.receiveWaiting(() => receiveMessageOnPort(channel.port2)?.message as ToWorker | undefined, 2);
    expect(touched).toEqual(['a', 'b']);

    for (let i = 0; i < 20 && touched.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    expect(touched).toEqual(['a', 'b', 'c']);
    channel.port1.close();
  });

  it('returns at once when nothing waits', () => {
    const host = { touch: () => undefined } as unknown as SandboxHost;
    const channel = new MessageChannel();
    const side = new WorkerSide(channel.port2 as unknown as WorkerEndpoint, host, clusterOperations);
    let takes = 0;
    side.receiveWaiting(() => {
      takes++;
      return undefined;
    });
    expect(takes).toBe(1);
    channel.port1.close();
  });
});
