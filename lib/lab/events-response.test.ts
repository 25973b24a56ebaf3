import { describe, expect, it } from 'vitest';
import type { StreamSink } from '../k8s/sandbox';
import { eventsStream } from './cluster-streams';
import { eventsResponse } from './events-response';
import { StreamBacklogError } from '../http/sse-response';

/** A front whose one stream the test drives by hand. */
function fakeFront() {
  const f = { sink: undefined as StreamSink | undefined, stopped: 0, opened: 0 };
  return {
    f,
    front: {
      stream: (_id: string, _s: unknown, sink: StreamSink) => {
        f.opened++;
        f.sink = sink;
        return () => void f.stopped++;
      },
    },
  };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('a cluster\'s event stream response', () => {
  it('passes the stream\'s chunks on after the retry line, and lets the cluster go once when the browser leaves', async () => {
    const { f, front } = fakeFront();
    const abort = new AbortController();
    let released = 0;
    const res = eventsResponse(new Request('http://portal.test/api/lab/stream', { signal: abort.signal }), { front, clusterId: 'c1', stream: eventsStream('default', undefined), release: () => void released++, retryMs: 1000 });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    f.sink!.chunk(bytes('id: a\ndata: {}\n\n'));
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('data: {}')) text += decoder.decode((await reader.read()).value);
    expect(text).toBe('retry: 1000\n\nid: a\ndata: {}\n\n');
    abort.abort();
    await reader.cancel();
    expect(released).toBe(1);
    expect(f.stopped).toBe(1);
  });

  it('ends with a failure event naming why when the stream ends by itself (its worker stopped)', async () => {
    const { f, front } = fakeFront();
    let released = 0;
    const res = eventsResponse(new Request('http://portal.test/s'), { front, clusterId: 'c1', stream: eventsStream('default', undefined), release: () => void released++, retryMs: 2000 });
    f.sink!.end('sandbox worker 0 stopped (exit code 1)');
    expect(await res.text()).toBe('retry: 2000\n\nevent: failure\ndata: {"message":"sandbox worker 0 stopped (exit code 1)"}\n\n');
    expect(released).toBe(1);
  });

  it('answers a stream that cannot open with a failure event, and lets the cluster go', async () => {
    let released = 0;
    const front = { stream: () => { throw new Error('no sandbox cluster operation named "events"'); } };
    const res = eventsResponse(new Request('http://portal.test/s'), { front, clusterId: 'c1', stream: eventsStream('default', undefined), release: () => void released++, retryMs: 1000 });
    expect(await res.text()).toContain('event: failure\ndata: {"message":"no sandbox cluster operation named \\"events\\""}');
    expect(released).toBe(1);
  });

  it('drops a browser that stops reading once its backlog passes the bound, stopping the stream where the cluster lives', async () => {
    const { f, front } = fakeFront();
    let released = 0;
    const res = eventsResponse(new Request('http://portal.test/s'), { front, clusterId: 'c1', stream: eventsStream('default', undefined), release: () => void released++, retryMs: 1000, maxBacklogBytes: 1024 * 1024 });
    // Nobody reads: 64 KiB chunks pile up.
    for (let i = 0; i < 20; i++) f.sink!.chunk(new Uint8Array(64 * 1024));
    expect(f.stopped).toBe(1);
    expect(released).toBe(1);
    await expect(res.body!.getReader().read()).rejects.toBeInstanceOf(StreamBacklogError);
  });
});
