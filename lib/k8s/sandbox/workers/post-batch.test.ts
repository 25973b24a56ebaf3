import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { PostBatch } from './post-batch';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const text = (u: Uint8Array) => Buffer.from(u).toString();

/** A batch flushed by hand, recording what it sent and which buffers it transferred. */
function harness() {
  const sent: { message: FromWorker; transfer: ArrayBuffer[] }[] = [];
  let pending: (() => void) | undefined;
  const batch = new PostBatch((message, transfer) => sent.push({ message, transfer }), (f) => (pending = f));
  return { batch, sent, turn: () => pending?.() };
}

describe('PostBatch', () => {
  it('sends nothing until the turn ends, then every message of the turn in one postMessage, in order', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'head', rid: 4, status: 200, statusText: '', headers: [] });
    batch.post({ t: 'data', rid: 4, chunk: bytes('{}') });
    batch.post({ t: 'done', rid: 4 });
    expect(sent).toEqual([]);
    turn();
    expect(sent).toHaveLength(1);
    const m = sent[0].message;
    expect(m.t).toBe('batch');
    expect(m.t === 'batch' && m.ms.map((x) => x.t)).toEqual(['head', 'data', 'done']);
  });

  it('sends a call\'s answer at once, after the messages posted before it, so a burst of calls is answered one by one', () => {
    const { batch, sent } = harness();
    batch.post({ t: 'data', rid: 1, chunk: bytes('event') });
    batch.post({ t: 'result', id: 7, ok: true, value: 'woken' });
    expect(sent).toHaveLength(1);
    const m = sent[0].message;
    expect(m.t === 'batch' && m.ms.map((x) => x.t)).toEqual(['data', 'result']);
    batch.post({ t: 'result', id: 8, ok: true, value: 'woken' });
    expect(sent.map((s) => s.message.t)).toEqual(['batch', 'result']);
  });

  it('sends a lone message as itself, not wrapped in a batch', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'done', rid: 9 });
    turn();
    expect(sent[0].message).toEqual({ t: 'done', rid: 9 });
  });

  it('joins consecutive watch events of one exchange into one chunk, and transfers its buffer', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'data', rid: 2, chunk: bytes('{"type":"ADDED"}\n') });
    batch.post({ t: 'data', rid: 3, chunk: bytes('other\n') });
    batch.post({ t: 'data', rid: 2, chunk: bytes('{"type":"MODIFIED"}\n') });
    turn();
    const m = sent[0].message;
    if (m.t !== 'batch') throw new Error('expected a batch');
    expect(m.ms).toHaveLength(2);
    const [a, b] = m.ms;
    expect(a.t === 'data' && [a.rid, text(a.chunk)]).toEqual([2, '{"type":"ADDED"}\n{"type":"MODIFIED"}\n']);
    expect(b.t === 'data' && [b.rid, text(b.chunk)]).toEqual([3, 'other\n']);
    expect(sent[0].transfer).toHaveLength(2);
    expect(sent[0].transfer[0]).toBe((a as { chunk: Uint8Array }).chunk.buffer);
  });

  it('does not join a chunk across another message of the same exchange (an end, a pause)', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'sock', rid: 5, chunk: bytes('one') });
    batch.post({ t: 'sockPause', rid: 5 });
    batch.post({ t: 'sock', rid: 5, chunk: bytes('two') });
    turn();
    const m = sent[0].message;
    if (m.t !== 'batch') throw new Error('expected a batch');
    expect(m.ms.map((x) => (x.t === 'sock' ? `sock:${text(x.chunk)}` : x.t))).toEqual(['sock:one', 'sockPause', 'sock:two']);
  });

  it('starts a new batch after a flush', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'data', rid: 1, chunk: bytes('a') });
    turn();
    batch.post({ t: 'data', rid: 1, chunk: bytes('b') });
    turn();
    expect(sent.map((s) => s.message.t === 'data' && text(s.message.chunk))).toEqual(['a', 'b']);
  });

  it('joins a stream\'s chunks of one turn into one, as an exchange\'s, and transfers it', () => {
    const { batch, sent, turn } = harness();
    batch.post({ t: 'streamData', rid: 3, chunk: bytes('id: 1\n\n') });
    batch.post({ t: 'data', rid: 4, chunk: bytes('{}') });
    batch.post({ t: 'streamData', rid: 3, chunk: bytes('id: 2\n\n') });
    batch.post({ t: 'streamEnd', rid: 3 });
    turn();
    const m = sent[0].message;
    if (m.t !== 'batch') throw new Error('expected a batch');
    expect(m.ms.map((x) => (x.t === 'streamData' || x.t === 'data' ? `${x.t}:${text(x.chunk)}` : x.t))).toEqual(['streamData:id: 1\n\nid: 2\n\n', 'data:{}', 'streamEnd']);
    expect(sent[0].transfer).toHaveLength(2);
  });
});
