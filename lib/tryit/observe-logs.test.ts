import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { observe } from './observe';
import { ContainerLogError, LOG_MAX_BYTES, LOG_TAIL_LINES, boundedTail, observeLog, readContainerLog, type LogObserver } from './observe-logs';
import { baselineOf } from './timeline';

const observer: LogObserver = {
  kind: 'container-log',
  pod: 'tryit-ambassador',
  container: 'app',
  answers: [
    { value: 'the backend page title', contains: '<title>' },
    { value: 'connection refused', contains: 'refused' },
  ],
};

function stateWith(containerState?: Record<string, unknown>): ClusterState {
  const pod = { metadata: { name: 'tryit-ambassador', namespace: 'default' }, status: { containerStatuses: containerState ? [{ name: 'app', state: containerState }] : [] } } as ObjectLike;
  return { pods: { items: { 'default/tryit-ambassador': pod }, resourceVersion: '1', synced: true } };
}

describe('the container-log observer', () => {
  it('waits for the pod, then for the container to start, then for output', () => {
    expect(observeLog(observer, {}, undefined)).toMatchObject({ settled: false, detail: expect.stringContaining('Waiting for pod tryit-ambassador') });
    expect(observeLog(observer, stateWith({ waiting: { reason: 'ContainerCreating' } }), undefined)).toMatchObject({ settled: false, detail: 'Container app has not started yet…' });
    expect(observeLog(observer, stateWith({ running: {} }), '')).toMatchObject({ settled: false, detail: 'Container app has printed nothing yet…' });
  });

  it('settles on the first answer whose text a line holds, and quotes that line', () => {
    const log = 'Mon calling http://localhost:8080/\n<title>Welcome to nginx!</title>\n';
    expect(observeLog(observer, stateWith({ running: {} }), log)).toEqual({ settled: true, value: 'the backend page title', detail: "app's log: <title>Welcome to nginx!</title>" });
    const refused = "wget: can't connect to remote host (127.0.0.1): Connection refused\n";
    expect(observeLog(observer, stateWith({ terminated: { exitCode: 1 } }), refused)).toMatchObject({ settled: true, value: 'connection refused' });
  });

  it('does not settle on output no answer describes, and shows its last line', () => {
    expect(observeLog(observer, stateWith({ running: {} }), 'starting\ncalling http://localhost:8080/\n')).toEqual({ settled: false, detail: "app's log so far ends with: calling http://localhost:8080/" });
  });

  it('is what observe() answers for a container-log observer, given the log', () => {
    expect(observe(observer, stateWith({ running: {} }), baselineOf({}), undefined, '<title>x</title>')).toMatchObject({ settled: true, value: 'the backend page title' });
  });
});

function streamOf(parts: string[]): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled < parts.length) c.enqueue(enc.encode(parts[pulled++]));
      else c.close();
    },
  });
  return { body, pulled: () => pulled };
}

describe('reading a container log for a Try-it', () => {
  it('asks the logs route for the last lines of the named container', async () => {
    const urls: string[] = [];
    const text = await readContainerLog('tryit-adapter', 'log-adapter', { fetch: async (url) => (urls.push(url), new Response('{"level":"WARN"}\n')) });
    expect(text).toBe('{"level":"WARN"}\n');
    expect(urls).toEqual([`/api/lab/logs?pod=tryit-adapter&container=log-adapter&tailLines=${LOG_TAIL_LINES}`]);
  });

  it('stops reading a stream past the byte bound and keeps its newest whole lines', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const { body, pulled } = streamOf(Array.from({ length: 1000 }, (_, i) => (i === 999 ? 'never read\n' : line)));
    const text = await readContainerLog('p', 'c', { fetch: async () => new Response(body) });
    expect(pulled()).toBeLessThan(200);
    expect(text.length).toBeLessThanOrEqual(LOG_MAX_BYTES);
    expect(text.startsWith('x')).toBe(true);
    expect(text).not.toContain('never read');
  });

  it('names the pod, the container and the route\'s message when the log cannot be read', async () => {
    const refused = readContainerLog('p', 'c', { fetch: async () => Response.json({ message: 'container "c" in pod "p" is waiting to start' }, { status: 400 }) });
    await expect(refused).rejects.toThrow(ContainerLogError);
    await expect(refused).rejects.toThrow('log of container c in pod p unavailable (400): container "c" in pod "p" is waiting to start');
  });

  it('cuts a long text at a line start within the bound', () => {
    expect(boundedTail('aaaa\nbbbb\ncccc', 7)).toBe('cccc');
    expect(boundedTail('short', 7)).toBe('short');
  });
});
