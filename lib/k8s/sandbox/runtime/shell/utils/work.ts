/**
 * What a utility's own work costs the container's CPU. A shell step (a command, a loop
 * iteration) costs the portal's thread about 2 µs; a utility that walks a 50 MB file does
 * millions of steps' worth of work inside one command, so without this it ran in one go,
 * holding the thread for seconds and never touching the cluster's CPU budget. A WorkMeter turns
 * characters and lines walked into steps of the container's Pacer, which charges the budget
 * and the cluster's CpuBucket and yields a macrotask every YIELD_EVERY steps: a big file is
 * walked in slices of well under a millisecond, at the pace of a throttled CPU.
 */
import type { ShellCommandContext } from '../context';
import { bufferedSource } from '../io';
import type { ByteSink, ByteSource } from '../command';

/**
 * Work units per shell step: a unit is one character walked (scanned, matched, copied into
 * output) and a line costs LINE_UNITS more (splitting it, calling the filter, writing it).
 * Calibrated so a step of a utility costs about what a step of the shell does
 * (scripts/bench/shell-freeze.ts prints both sides; figures in scripts/bench/RESULTS.md).
 */
export const UNITS_PER_STEP = 1024;
export const LINE_UNITS = 64;

/** Charges work to the pacer of the process running a utility. */
export class WorkMeter {
  private debt = 0;

  constructor(private readonly ctx: Pick<ShellCommandContext, 'pacer'>) {}

  /**
   * Adds `units` of work; undefined when the utility may go on at once, else a promise that
   * resolves when the pacer lets it (after a yield, a wait for CPU, or the next virtual second).
   * Throws what the pacer throws: the step budget exceeded, the process killed.
   */
  charge(units: number): Promise<void> | undefined {
    this.debt += units;
    while (this.debt >= UNITS_PER_STEP) {
      this.debt -= UNITS_PER_STEP;
      const wait = this.ctx.pacer.step();
      if (wait) return wait.then(() => this.charge(0));
    }
    return undefined;
  }

  /** One line of `length` characters walked. */
  line(length: number): Promise<void> | undefined {
    return this.charge(LINE_UNITS + length);
  }
}

/**
 * Calls fn for each line of text (without its newline; `partial` for a last line without
 * one, `last` for the last line), charging the meter per line and yielding when it says so. Lines are sliced as they
 * are reached: a 25-million-line file never becomes an array. Stops when fn returns false.
 */
export async function forEachTextLine(
  text: string,
  meter: WorkMeter,
  fn: (line: string, partial: boolean, last: boolean) => boolean | void | Promise<boolean | void>,
): Promise<void> {
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end);
    start = end + 1;
    const wait = meter.line(line.length);
    if (wait) await wait;
    const r = fn(line, nl < 0, start >= text.length);
    if ((r instanceof Promise ? await r : r) === false) return;
  }
}

/**
 * forEachTextLine for a stream: lines as they arrive, each charged to the meter. beforeWait
 * runs whenever the next line is not there yet (a filter flushes its batched output then, so
 * `tail -f log | grep x` shows a match at once while a 50 MB chunk is written in batches).
 */
export async function forEachStreamLine(
  src: ByteSource,
  meter: WorkMeter,
  fn: (line: string, partial: boolean) => boolean | void | Promise<boolean | void>,
  beforeWait?: () => void | Promise<void>,
): Promise<void> {
  const b = bufferedSource(src);
  const next = async () => {
    if (beforeWait && !b.lineReady) await beforeWait();
    return b.readLine();
  };
  for (let l = await next(); l !== null; l = await next()) {
    const wait = meter.line(l.line.length);
    if (wait) await wait;
    const r = fn(l.line, l.partial);
    if ((r instanceof Promise ? await r : r) === false) return;
  }
}

/** The largest slice of text handed to one synchronous operation (tr, base64, hashing, copying). */
export const SLICE_CHARS = 64 * 1024;

/**
 * Calls fn on successive slices of text of at most SLICE_CHARS characters, charging each.
 * For work whose cost is per character and that can stop anywhere (tr, hashing, copying).
 */
export async function forEachSlice(text: string, meter: WorkMeter, fn: (slice: string) => void | Promise<void>, sliceChars = SLICE_CHARS): Promise<void> {
  for (let i = 0; i < text.length; i += sliceChars) {
    const slice = text.slice(i, i + sliceChars);
    const wait = meter.charge(slice.length);
    if (wait) await wait;
    const r = fn(slice);
    if (r instanceof Promise) await r;
  }
}

/** Reads a whole stream, charging the meter per chunk (a `readAll` that yields). */
export async function readAllCharged(src: ByteSource, meter: WorkMeter, maxChars = Infinity, onTooLong?: () => Error): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  for (let c = await src.read(); c !== null; c = await src.read()) {
    size += c.length;
    if (size > maxChars) throw onTooLong ? onTooLong() : new RangeError(`input over ${maxChars} characters`);
    parts.push(c);
    const wait = meter.charge(c.length);
    if (wait) await wait;
  }
  return parts.join('');
}

/** Characters a BatchedWriter gathers before it writes them. */
export const BATCH_CHARS = 64 * 1024;

/**
 * Gathers a utility's output lines and writes them in batches of BATCH_CHARS: a file sink
 * appends (and notifies watchers) once per batch instead of once per line. For output made
 * while walking a file already in memory; a filter reading a stream writes each line as it
 * comes, so `tail -f log | grep x` shows matches at once.
 */
export class BatchedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: ByteSink) {}

  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= BATCH_CHARS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (!this.size) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.sink.write(text);
  }
}
