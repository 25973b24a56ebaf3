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
}

export class PortDuplex extends Duplex {
  private peerClosed = false;
  readonly remoteAddress = '127.0.0.1';

  constructor(private readonly peer: DuplexPeer) {
    super({ allowHalfOpen: true });
  }

  _read(): void {}

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
    if (!this.destroyed) this.push(chunk);
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
