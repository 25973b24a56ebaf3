import { describe, expect, it } from 'vitest';
import { sseResponse, sseStream, StreamBacklogError } from './sse-response';

describe('a server-sent events response', () => {
  it('sends JSON events, named or not, after the retry line, and cleans up once when the browser leaves', async () => {
    const abort = new AbortController();
    let cleaned = 0;
    const res = sseResponse(new Request('http://portal.test/board', { signal: abort.signal }), (send) => {
      send(undefined, { a: 1 });
      send('failure', { message: 'no' });
      return () => void cleaned++;
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"no"')) text += decoder.decode((await reader.read()).value);
    expect(text).toBe('retry: 2000\n\ndata: {"a":1}\n\nevent: failure\ndata: {"message":"no"}\n\n');
    abort.abort();
    abort.abort();
    await reader.cancel();
    expect(cleaned).toBe(1);
  });

  it('drops a browser that stops reading once its backlog passes the bound, and cleans up', async () => {
    let cleaned = 0;
    let write: ((chunk: Uint8Array) => void) | undefined;
    const res = sseStream(new Request('http://portal.test/s'), {
      retryMs: 1000,
      maxBacklogBytes: 256 * 1024,
      start: (out) => {
        write = (c) => out.write(c);
        return () => void cleaned++;
      },
    });
    for (let i = 0; i < 8; i++) write!(new Uint8Array(64 * 1024));
    expect(cleaned).toBe(1);
    await expect(res.body!.getReader().read()).rejects.toBeInstanceOf(StreamBacklogError);
  });

  it('cleans up at once a stream that ended while it started', async () => {
    let cleaned = 0;
    const res = sseStream(new Request('http://portal.test/s'), {
      retryMs: 1000,
      start: (out) => {
        out.write('data: last\n\n');
        out.end();
        return () => void cleaned++;
      },
    });
    expect(await res.text()).toBe('retry: 1000\n\ndata: last\n\n');
    expect(cleaned).toBe(1);
  });
});
