/**
 * A socket's bytes carried over a thread's message port: the Duplex an upgrade handler (ws's
 * handleUpgrade for exec and port-forward, the SPDY session) is given in a sandbox worker, while
 * the real socket stays with the main thread. Bytes written go to the main thread as 'sock'
 * messages, bytes the main thread read arrive through receive(); ends and closes cross the same way.
 * The socket-only calls ws makes (setTimeout, setNoDelay, setKeepAlive) have nothing to set here.
 */
import { Duplex } from 'node:stream';
import { ownBytes } from './protocol';

export interface DuplexPeer {
  data(chunk: Uint8Array): void;
  end(): void;
  close(): void;
  /** Stop sending for now: the reader here is full (or paused). */
  pause(): void;
  /** Send again. */
  resume(): void;
}

export class PortDuplex extends Duplex {
  private peerClosed = false;
  /** Whether the far side was asked to stop sending. */
  private peerPaused = false;
  readonly remoteAddress = '127.0.0.1';

  constructor(private readonly peer: DuplexPeer) {
    super({ allowHalfOpen: true });
  }

  /** The reader wants more: the far side may send again. */
  _read(): void {
    this.resumePeer();
  }

  private pausePeer(): void {
    if (this.peerPaused || this.peerClosed) return;
    this.peerPaused = true;
    this.peer.pause();
  }

  private resumePeer(): void {
    if (!this.peerPaused || this.peerClosed) return;
    this.peerPaused = false;
    this.peer.resume();
  }

  /** A reader that pauses (ws does when its receiver is full) stops the far side's socket too. */
  pause(): this {
    super.pause();
    this.pausePeer();
    return this;
  }

  resume(): this {
    super.resume();
    this.resumePeer();
    return this;
  }

  _write(chunk: Buffer, _encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.peerClosed) this.peer.data(ownBytes(chunk));
    cb();
  }

  _final(cb: (err?: Error | null) => void): void {
    if (!this.peerClosed) this.peer.end();
    cb();
  }

  _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.peerClosed) {
      this.peerClosed = true;
      this.peer.close();
    }
    cb(err);
  }

  /** Bytes the far side sent. */
  receive(chunk: Buffer): void {
    if (this.destroyed) return;
    // Past the readable buffer's mark: the far side stops until _read asks for more.
    if (!this.push(chunk)) this.pausePeer();
  }

  /** The far side ended its writing (half-close). */
  receiveEnd(): void {
    if (!this.destroyed) this.push(null);
  }

  /** The far side's socket closed: nothing more goes either way. */
  receiveClose(): void {
    this.peerClosed = true;
    this.destroy();
  }

  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }
}
