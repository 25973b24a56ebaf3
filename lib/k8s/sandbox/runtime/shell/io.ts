/**
 * Streams between commands. A Pipe hands chunks from writer to reader as they are written,
 * so every stage of a pipeline runs at once and `tail -f log | while read l` sees each line
 * when it is appended. A full pipe makes the writer wait (back-pressure); a pipe whose reader
 * has gone makes the next write fail with BrokenPipeError, as SIGPIPE ends `yes | head -1`.
 */
import type { ByteSink, ByteSource } from './command';

export class BrokenPipeError extends Error {
  constructor() {
    super('Broken pipe');
    this.name = 'BrokenPipeError';
  }
}

/** Raised inside a command whose process was signalled (the signal name is the reason). */
export class AbortedError extends Error {
  constructor(readonly signalName: string) {
    super(`aborted by ${signalName}`);
    this.name = 'AbortError';
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Bytes a pipe buffers before writers wait (Linux pipes hold 64 KiB). */
export const PIPE_CAPACITY = 64 * 1024;

export class Pipe implements ByteSource, ByteSink {
  private chunks: string[] = [];
  private size = 0;
  private writerClosed = false;
  private readerGone = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriters: (() => void)[] = [];

  write(chunk: string): void | Promise<void> {
    if (this.readerGone) throw new BrokenPipeError();
    if (!chunk) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.wakeReader?.();
    this.wakeReader = undefined;
    if (this.size > PIPE_CAPACITY) return new Promise((resolve) => this.wakeWriters.push(resolve));
  }

  /** The writer is done: the reader gets the rest, then end of input. */
  close(): void {
    this.writerClosed = true;
    this.wakeReader?.();
    this.wakeReader = undefined;
  }

  /** The reader is done: pending and later writes fail with a broken pipe. */
  closeReader(): void {
    this.readerGone = true;
    this.chunks = [];
    this.size = 0;
    this.releaseWriters();
  }

  async read(): Promise<string | null> {
    while (this.chunks.length === 0) {
      if (this.writerClosed || this.readerGone) return null;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
    const data = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.releaseWriters();
    return data;
  }

  private releaseWriters(): void {
    const waiting = this.wakeWriters;
    this.wakeWriters = [];
    for (const w of waiting) w();
  }
}

/** A fixed text (here-docs, `< file`, `echo x | ...` where the writer finished). */
export class StringSource implements ByteSource {
  constructor(private text: string | null) {}
  async read(): Promise<string | null> {
    const t = this.text;
    this.text = null;
    return t === '' ? null : t;
  }
}

export const EMPTY_SOURCE: ByteSource = { read: async () => null };
export const NULL_SINK: ByteSink = { write: () => undefined };

/** Collects output (command substitution); over maxBytes the write throws. */
export class BufferSink implements ByteSink {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly onOverflow: () => Error,
  ) {}
  write(chunk: string): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) throw this.onOverflow();
    this.parts.push(chunk);
  }
  text(): string {
    return this.parts.join('');
  }
}

/**
 * A source with a line buffer: `read` takes one line at a time but whatever it has read past
 * that line stays available to the next reader of the same stream (the next `read`, or `cat`
 * in the loop body), as reading a pipe byte by byte would leave it.
 */
export class BufferedSource implements ByteSource {
  private buffer = '';
  private eof = false;

  constructor(private readonly inner: ByteSource) {}

  async read(): Promise<string | null> {
    if (this.buffer) {
      const b = this.buffer;
      this.buffer = '';
      return b;
    }
    if (this.eof) return null;
    const chunk = await this.inner.read();
    if (chunk === null) this.eof = true;
    return chunk;
  }

  /** Whether readLine() answers without waiting for the writer (a whole line or the end is buffered). */
  get lineReady(): boolean {
    return this.eof || this.buffer.indexOf('\n') >= 0;
  }

  /** The next line without its newline; null at end of input. `partial` is true for a last line without newline. */
  async readLine(): Promise<{ line: string; partial: boolean } | null> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        return { line, partial: false };
      }
      if (this.eof) {
        if (!this.buffer) return null;
        const line = this.buffer;
        this.buffer = '';
        return { line, partial: true };
      }
      const chunk = await this.inner.read();
      if (chunk === null) this.eof = true;
      else this.buffer += chunk;
    }
  }
}

const buffered = new WeakMap<ByteSource, BufferedSource>();

/** The one BufferedSource of a stream, so every reader shares its line buffer. */
export function bufferedSource(src: ByteSource): BufferedSource {
  if (src instanceof BufferedSource) return src;
  let b = buffered.get(src);
  if (!b) buffered.set(src, (b = new BufferedSource(src)));
  return b;
}

/** A source whose reads reject with AbortError once signal aborts (a signal interrupts a blocked read). */
export function abortableSource(src: ByteSource, signal: AbortSignal): ByteSource {
  return {
    read: () => {
      if (signal.aborted) return Promise.reject(new AbortedError(String(signal.reason ?? 'SIGTERM')));
      return new Promise<string | null>((resolve, reject) => {
        const onAbort = () => reject(new AbortedError(String(signal.reason ?? 'SIGTERM')));
        signal.addEventListener('abort', onAbort, { once: true });
        src.read().then(
          (v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
          },
          (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        );
      });
    },
  };
}

/** Reads a whole stream. */
export async function readAll(src: ByteSource): Promise<string> {
  let out = '';
  for (let c = await src.read(); c !== null; c = await src.read()) out += c;
  return out;
}

/** Calls fn for each line (without newline) as it arrives; stops early if fn returns false. */
export async function forEachLine(src: ByteSource, fn: (line: string, partial: boolean) => boolean | void | Promise<boolean | void>): Promise<void> {
  const b = bufferedSource(src);
  for (let l = await b.readLine(); l !== null; l = await b.readLine()) {
    if ((await fn(l.line, l.partial)) === false) return;
  }
}
