/**
 * A SPDY/3.1 server session, as the kubelet's streaming server runs one (k8s.io/apimachinery
 * util/httpstream/spdy over moby/spdystream): the client opens streams with SYN_STREAM (headers
 * such as streamType, port, requestID), the server answers each with an empty SYN_REPLY and both
 * sides send DATA frames, a FIN flag half-closing a stream. Used for kubectl 1.27-1.30's SPDY
 * upgrades and for 1.31+'s SPDY-over-WebSocket tunnel (port-forward).
 *
 * Header blocks are zlib streams: one per direction for the whole connection, each block ending
 * at a sync flush. Inbound blocks are inflated with the SPDY dictionary; outbound ones are sent
 * without a dictionary (Go's zlib reader only needs it when the stream's header asks for it).
 * Frames are handled strictly in order (a promise chain), since inflating is asynchronous.
 *
 * Every input is bounded: frame length, inflated header size, open streams, buffered bytes;
 * a peer that exceeds one gets GOAWAY and the connection closes (SpdyProtocolError names why).
 */
import zlib from 'node:zlib';
import { SPDY_HEADER_DICTIONARY } from './dictionary';

export const SPDY_LIMITS = {
  /** Largest frame accepted (spdystream writes data in 32 KiB pieces). */
  maxFrameBytes: 1024 * 1024,
  /** Largest header block after inflating (kubectl's are a few dozen bytes). */
  maxHeaderBytes: 16 * 1024,
  /** Streams open at once in one session (a port-forward uses 2 per connection, exec up to 5). */
  maxStreams: 128,
  /** Control frames (pings, settings, resets...) accepted in one session before it is closed as a flood. */
  maxControlFrames: 100_000,
};

export class SpdyProtocolError extends Error {
  constructor(readonly detail: string) {
    super(`SPDY protocol error: ${detail}`);
    this.name = 'SpdyProtocolError';
  }
}

export interface SpdyTransport {
  write(frame: Buffer): void;
  close(): void;
}

const TYPE = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
const FLAG_FIN = 0x01;
const RST_PROTOCOL_ERROR = 1;
const RST_REFUSED_STREAM = 3;
const RST_CANCEL = 5;

export class SpdyStream {
  private dataHandlers: ((data: Buffer) => void)[] = [];
  private endHandlers: (() => void)[] = [];
  private resetHandlers: (() => void)[] = [];
  localClosed = false;
  remoteClosed = false;

  constructor(readonly id: number, readonly headers: Record<string, string>, private readonly session: SpdySession) {}

  onData(cb: (data: Buffer) => void): void {
    this.dataHandlers.push(cb);
  }
  /** The peer half-closed (FIN). */
  onEnd(cb: () => void): void {
    this.endHandlers.push(cb);
  }
  /** The peer reset the stream, or the session ended. */
  onReset(cb: () => void): void {
    this.resetHandlers.push(cb);
  }
  write(data: Buffer | string): void {
    if (this.localClosed) return;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let i = 0; i < buf.length; i += 32 * 1024) this.session.sendData(this.id, buf.subarray(i, i + 32 * 1024), false);
  }
  /** Half-closes our side (an empty DATA frame with FIN). */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
    this.session.maybeForget(this);
  }
  reset(): void {
    this.session.resetStream(this.id, RST_CANCEL);
  }
  /** @internal */
  deliver(data: Buffer, fin: boolean): void {
    if (data.length) for (const h of this.dataHandlers) h(data);
    if (fin && !this.remoteClosed) {
      this.remoteClosed = true;
      for (const h of this.endHandlers) h();
      this.session.maybeForget(this);
    }
  }
  /** @internal */
  abort(): void {
    this.localClosed = this.remoteClosed = true;
    for (const h of this.resetHandlers) h();
  }
}

export class SpdySession {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, SpdyStream>();
  private readonly inflater = zlib.createInflate({ dictionary: SPDY_HEADER_DICTIONARY });
  private readonly deflater = zlib.createDeflate();
  private inChain: Promise<void> = Promise.resolve();
  private outChain: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private controlFrames = 0;
  private closed = false;
  private closeHandlers: ((err?: SpdyProtocolError) => void)[] = [];

  constructor(
    private readonly transport: SpdyTransport,
    private readonly onStream: (stream: SpdyStream) => boolean,
    private readonly limits = SPDY_LIMITS,
  ) {
    this.inflater.on('error', () => this.fail(new SpdyProtocolError('invalid compressed header block')));
  }

  get openStreams(): number {
    return this.streams.size;
  }

  onClose(cb: (err?: SpdyProtocolError) => void): void {
    this.closeHandlers.push(cb);
  }

  /** Bytes from the transport. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8 && !this.closed) {
      const length = this.buffer.readUIntBE(5, 3);
      if (length > this.limits.maxFrameBytes) return this.fail(new SpdyProtocolError(`frame of ${length} bytes exceeds ${this.limits.maxFrameBytes}`));
      if (this.buffer.length < 8 + length) return;
      const frame = this.buffer.subarray(0, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      this.inChain = this.inChain.then(() => this.handleFrame(frame)).catch((e) => this.fail(e instanceof SpdyProtocolError ? e : new SpdyProtocolError(String(e))));
    }
  }

  /** The transport closed. */
  end(): void {
    this.shutdown();
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const flags = frame[4];
    const payload = frame.subarray(8);
    if (!(frame[0] & 0x80)) {
      const id = frame.readUInt32BE(0) & 0x7fffffff;
      const stream = this.streams.get(id);
      if (!stream || stream.remoteClosed) {
        if (id > this.lastStreamId) throw new SpdyProtocolError(`data for stream ${id} that was never opened`);
        return; // late data for a stream we already reset: dropped, as spdystream does
      }
      stream.deliver(Buffer.from(payload), (flags & FLAG_FIN) !== 0);
      return;
    }
    const version = frame.readUInt16BE(0) & 0x7fff;
    if (version !== 3) throw new SpdyProtocolError(`unsupported version ${version}`);
    if (++this.controlFrames > this.limits.maxControlFrames) throw new SpdyProtocolError(`more than ${this.limits.maxControlFrames} control frames`);
    const type = frame.readUInt16BE(2);
    switch (type) {
      case TYPE.synStream: {
        if (payload.length < 10) throw new SpdyProtocolError('short SYN_STREAM');
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        if (id === 0 || id <= this.lastStreamId || id % 2 === 0) throw new SpdyProtocolError(`invalid stream id ${id}`);
        this.lastStreamId = id;
        const headers = parseHeaderBlock(await this.inflate(payload.subarray(10)));
        if (this.streams.size >= this.limits.maxStreams) {
          this.resetStream(id, RST_REFUSED_STREAM);
          return;
        }
        const stream = new SpdyStream(id, headers, this);
        this.streams.set(id, stream);
        if (!this.onStream(stream)) {
          this.streams.delete(id);
          this.resetStream(id, RST_REFUSED_STREAM);
          return;
        }
        this.sendControl(TYPE.synReply, 0, async () => Buffer.concat([u32(id), await this.deflate(encodeHeaderBlock({}))]));
        if (flags & FLAG_FIN) stream.deliver(Buffer.alloc(0), true);
        return;
      }
      case TYPE.rstStream: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const stream = this.streams.get(id);
        this.streams.delete(id);
        stream?.abort();
        return;
      }
      case TYPE.ping:
        // A client ping (odd id) is echoed back.
        this.sendControl(TYPE.ping, 0, async () => Buffer.from(payload.subarray(0, 4)));
        return;
      case TYPE.goAway:
        this.shutdown();
        return;
      case TYPE.headers:
        await this.inflate(payload.subarray(4)); // keeps the shared zlib context in step
        return;
      case TYPE.settings:
      case TYPE.windowUpdate:
        return;
      default:
        throw new SpdyProtocolError(`unknown control frame type ${type}`);
    }
  }

  private inflate(block: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      let size = 0;
      const onData = (c: Buffer) => {
        size += c.length;
        if (size > this.limits.maxHeaderBytes) {
          this.inflater.off('data', onData);
          reject(new SpdyProtocolError(`header block inflates past ${this.limits.maxHeaderBytes} bytes`));
        } else out.push(c);
      };
      this.inflater.on('data', onData);
      this.inflater.write(block);
      this.inflater.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.inflater.off('data', onData);
        resolve(Buffer.concat(out));
      });
    });
  }

  private deflate(block: Buffer): Promise<Buffer> {
    return new Promise((resolve) => {
      const out: Buffer[] = [];
      const onData = (c: Buffer) => out.push(c);
      this.deflater.on('data', onData);
      this.deflater.write(block);
      this.deflater.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.deflater.off('data', onData);
        resolve(Buffer.concat(out));
      });
    });
  }

  private sendControl(type: number, flags: number, body: () => Promise<Buffer>): void {
    this.queue(async () => {
      const b = await body();
      const head = Buffer.alloc(8);
      head.writeUInt16BE(0x8003, 0);
      head.writeUInt16BE(type, 2);
      head[4] = flags;
      head.writeUIntBE(b.length, 5, 3);
      return Buffer.concat([head, b]);
    });
  }

  /** @internal */
  sendData(id: number, data: Buffer, fin: boolean): void {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(id & 0x7fffffff, 0);
    head[4] = fin ? FLAG_FIN : 0;
    head.writeUIntBE(data.length, 5, 3);
    const frame = Buffer.concat([head, data]);
    this.queue(async () => frame);
  }

  /** @internal */
  resetStream(id: number, status: number): void {
    const stream = this.streams.get(id);
    this.streams.delete(id);
    stream?.abort();
    this.sendControl(TYPE.rstStream, 0, async () => Buffer.concat([u32(id), u32(status)]));
  }

  /** @internal: a stream closed both ways is forgotten (frees its slot). */
  maybeForget(stream: SpdyStream): void {
    if (stream.localClosed && stream.remoteClosed) this.streams.delete(stream.id);
  }

  private queue(build: () => Promise<Buffer>): void {
    this.outChain = this.outChain.then(async () => {
      if (this.closed) return;
      this.transport.write(await build());
    });
  }

  private fail(err: SpdyProtocolError): void {
    if (this.closed) return;
    this.sendControl(TYPE.goAway, 0, async () => Buffer.concat([u32(this.lastStreamId), u32(RST_PROTOCOL_ERROR)]));
    void this.outChain.then(() => this.shutdown(err));
  }

  /** Ends every stream and the transport. */
  shutdown(err?: SpdyProtocolError): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.abort();
    this.streams.clear();
    this.inflater.close();
    this.deflater.close();
    this.transport.close();
    for (const h of this.closeHandlers) h(err);
  }

  /** Closes after what is queued has been written. */
  closeGracefully(): void {
    void this.outChain.then(() => this.shutdown());
  }
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** A SPDY/3 name/value block: count, then (length, name, length, value) with 32-bit lengths. */
export function parseHeaderBlock(block: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  if (block.length < 4) throw new SpdyProtocolError('short header block');
  const count = block.readUInt32BE(0);
  let pos = 4;
  const take = () => {
    if (pos + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const len = block.readUInt32BE(pos);
    pos += 4;
    if (pos + len > block.length) throw new SpdyProtocolError('truncated header block');
    const s = block.subarray(pos, pos + len).toString('utf8');
    pos += len;
    return s;
  };
  for (let i = 0; i < count; i++) {
    const name = take().toLowerCase();
    out[name] = take();
  }
  return out;
}

export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts = [u32(Object.keys(headers).length)];
  for (const [k, v] of Object.entries(headers)) {
    const kb = Buffer.from(k.toLowerCase());
    const vb = Buffer.from(v);
    parts.push(u32(kb.length), kb, u32(vb.length), vb);
  }
  return Buffer.concat(parts);
}
