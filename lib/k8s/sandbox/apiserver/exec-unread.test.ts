import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { MAX_UNREAD_OUTPUT_BYTES, startSession, type ExecIO, type ExecRequest } from './exec';

/** A WebSocket whose client reads nothing: everything sent stays buffered. */
class UnreadSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Buffer[] = [];
  closedWith?: number;
  send(data: Buffer): void {
    this.sent.push(data);
    this.bufferedAmount += data.length;
  }
  close(code: number): void {
    this.closedWith = code;
  }
  terminate(): void {
    this.readyState = 3;
  }
  pause(): void {}
  resume(): void {}
}

const req = (attach: boolean): ExecRequest => ({ namespace: 'default', pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }, container: 'app', command: attach ? [] : ['sh'], stdin: false, tty: false, attach });

describe('exec and attach sessions: output a client never reads', () => {
  it.each([false, true])('ends the session (attach %s) once the unread output passes the bound, with a Status saying why, and stops the command or detaches', (attach) => {
    const ws = new UnreadSocket();
    let io!: ExecIO;
    let killed = 0;
    startSession(ws as unknown as WebSocket, (_r, given) => {
      io = given;
      return { write: () => undefined, closeStdin: () => undefined, kill: () => killed++ };
    }, req(attach));
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    for (let i = 0; i < 64; i++) io.stdout(chunk);
    // Bounded: the bound plus the one chunk that crossed it, and the error frame.
    expect(ws.bufferedAmount).toBeLessThanOrEqual(MAX_UNREAD_OUTPUT_BYTES + chunk.length + 1 + 1024);
    const last = ws.sent.at(-1)!;
    expect(last[0]).toBe(3);
    expect(JSON.parse(last.subarray(1).toString())).toMatchObject({ status: 'Failure', code: 504, message: expect.stringContaining('output not read') });
    expect(ws.closedWith).toBe(1008);
    expect(killed).toBe(1);
    // Nothing more is sent once it ended.
    const count = ws.sent.length;
    io.stdout(chunk);
    expect(ws.sent.length).toBe(count);
  });

  it('leaves a client that keeps up alone, however much it reads', () => {
    const ws = new UnreadSocket();
    let io!: ExecIO;
    startSession(ws as unknown as WebSocket, (_r, given) => {
      io = given;
      return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
    }, req(false));
    for (let i = 0; i < 64; i++) {
      io.stdout(Buffer.alloc(256 * 1024, 0x62));
      ws.bufferedAmount = 0; // the client read it
    }
    io.exit(0);
    expect(ws.sent).toHaveLength(65);
    expect(ws.closedWith).toBe(1000);
  });
});
