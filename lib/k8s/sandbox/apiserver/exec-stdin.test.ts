import { describe, expect, it } from 'vitest';
import { StdinFlow } from './exec';

/** A command's stdin that holds `capacity` bytes until the test drains it. */
function slowCommand(capacity: number) {
  let held = 0;
  let wake: (() => void) | undefined;
  const received: string[] = [];
  let closed = false;
  return {
    received,
    get closed() {
      return closed;
    },
    session: {
      write(data: Buffer): Promise<void> | undefined {
        received.push(data.toString());
        held += data.length;
        if (held < capacity) return undefined;
        return new Promise<void>((resolve) => (wake = resolve));
      },
      closeStdin() {
        closed = true;
      },
    },
    drain() {
      held = 0;
      const w = wake;
      wake = undefined;
      w?.();
    },
  };
}

const socket = () => {
  const s = { paused: false, pauses: 0, pause: () => { s.paused = true; s.pauses++; }, resume: () => { s.paused = false; } };
  return s;
};
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('exec stdin flow control', () => {
  it('pauses the socket while the command stdin is full and resumes once it drained', async () => {
    const cmd = slowCommand(10);
    const sock = socket();
    const flow = new StdinFlow(cmd.session, sock, () => undefined);
    flow.write(Buffer.from('0123456789'));
    expect(sock.paused).toBe(true);
    flow.write(Buffer.from('abc'));
    expect(cmd.received).toEqual(['0123456789']);
    expect(flow.queued).toBe(3);
    cmd.drain();
    await flush();
    expect(cmd.received).toEqual(['0123456789', 'abc']);
    expect(sock.paused).toBe(false);
  });

  it('closes stdin only after the bytes queued before the close', async () => {
    const cmd = slowCommand(5);
    const flow = new StdinFlow(cmd.session, socket(), () => undefined);
    flow.write(Buffer.from('hello'));
    flow.write(Buffer.from('world'));
    flow.close();
    expect(cmd.closed).toBe(false);
    cmd.drain();
    await flush();
    cmd.drain();
    await flush();
    expect(cmd.received.join('')).toBe('helloworld');
    expect(cmd.closed).toBe(true);
  });

  it('ends the session when a client keeps pushing past the queue bound despite the pause', () => {
    const cmd = slowCommand(1);
    let overflowed = 0;
    const flow = new StdinFlow(cmd.session, socket(), () => overflowed++, 100);
    for (let i = 0; i < 50; i++) flow.write(Buffer.alloc(10));
    expect(overflowed).toBe(1);
    expect(flow.queued).toBe(0);
    expect(cmd.received.length).toBe(1);
  });
});
