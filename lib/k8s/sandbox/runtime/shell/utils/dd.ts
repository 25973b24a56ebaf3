/**
 * busybox dd, the operands a learner uses to fill or copy: if= (a file, /dev/zero,
 * /dev/urandom, default stdin), of= (a file, /dev/null, default stdout), bs= (with k/M/G
 * suffixes, at most 1M in the sandbox), count=. Each block is one interpreter step, so a
 * `dd if=/dev/zero of=/data/f bs=1M count=10000` is paced like a loop and stops with
 * `No space left on device` when the container's disk budget is spent.
 */
import type { ShellCommand, ShellCommandContext } from '../context';
import { fsMessage, readInput, resolvePath } from './helpers';

/** Blocks larger than this are refused: one block is one string held in memory. */
const MAX_BLOCK = 1024 * 1024;

const SUFFIX: Record<string, number> = { '': 1, c: 1, w: 2, b: 512, k: 1024, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

function size(text: string): number | undefined {
  const m = /^(\d+)([cwbkKMG]?)$/.exec(text);
  return m ? Number(m[1]) * SUFFIX[m[2]] : undefined;
}

function human(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)}MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)}KB`;
  return `${bytes}B`;
}

async function report(ctx: ShellCommandContext, blocksIn: number, partialIn: number, blocksOut: number, partialOut: number, bytes: number): Promise<void> {
  await ctx.stderr.write(`${blocksIn}+${partialIn} records in\n${blocksOut}+${partialOut} records out\n${bytes} bytes (${human(bytes)}) copied\n`);
}

export const dd: ShellCommand = async (ctx) => {
  const ops = new Map<string, string>();
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      await ctx.stderr.write(`dd: invalid argument '${arg}'\n`);
      return 1;
    }
    ops.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  const bs = size(ops.get('bs') ?? '512');
  const count = ops.has('count') ? size(ops.get('count')!) : undefined;
  if (bs === undefined || bs === 0 || (ops.has('count') && count === undefined)) {
    await ctx.stderr.write(`dd: invalid number '${ops.get('bs') ?? ops.get('count')}'\n`);
    return 1;
  }
  if (bs > MAX_BLOCK) {
    await ctx.stderr.write(`dd: bs=${ops.get('bs')} is more than this sandbox's block limit (1M): use bs=1M with a larger count\n`);
    return 1;
  }
  const input = ops.get('if');
  const output = ops.get('of');
  // The input as blocks: a device yields whole blocks for ever, a file or stdin what it holds.
  let next: () => string | undefined;
  if (input === '/dev/zero') {
    const zero = '\0'.repeat(bs);
    next = () => zero;
  } else if (input === '/dev/urandom' || input === '/dev/random') {
    next = () => {
      let s = '';
      for (let i = 0; i < bs; i++) s += String.fromCharCode(Math.floor(ctx.random() * 256));
      return s;
    };
  } else {
    const text = await readInput(ctx, input ?? '-');
    if (text === undefined) return 1;
    let at = 0;
    next = () => {
      if (at >= text.length) return undefined;
      const block = text.slice(at, at + bs);
      at += bs;
      return block;
    };
  }
  const path = output && output !== '/dev/null' ? resolvePath(ctx, output) : undefined;
  let full = 0;
  let partial = 0;
  let bytes = 0;
  try {
    if (path) ctx.fs.writeFile(path, '');
    while (count === undefined || full + partial < count) {
      const block = next();
      if (block === undefined) break;
      if (path) ctx.fs.writeFile(path, block, { append: true });
      else if (!output) await ctx.stdout.write(block);
      if (block.length === bs) full++;
      else partial++;
      bytes += block.length;
      const wait = ctx.pacer.step();
      if (wait) await wait;
    }
  } catch (e) {
    // fsMessage rethrows what is not a filesystem error (a kill, a budget).
    const why = fsMessage(e, '').slice(2);
    await ctx.stderr.write(`dd: error writing '${output}': ${why}\n`);
    await report(ctx, full + 1, partial, full, partial, bytes);
    return 1;
  }
  await report(ctx, full, partial, full, partial, bytes);
  return 0;
};
