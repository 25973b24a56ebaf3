/**
 * Following files as log shippers do (fluent-bit's tail input, fluentd's in_tail): the files
 * matching a path with `*` in its last component, polled every second of cluster time, each
 * new complete line reported once. Files found at start are read from their end (the default
 * `Read_from_Head false`), files that appear later from their start.
 */
import type { CommandContext } from '../../shell/command';
import { matchPattern } from '../../shell/pattern';
import { VfsError } from '../../vfs-types';

export function matchFiles(ctx: CommandContext, pattern: string): string[] {
  const i = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, i) || '/';
  const glob = pattern.slice(i + 1);
  // A linear glob matcher: the pattern comes from a learner's manifest, and a translated RegExp backtracks.
  // Only `*` and `?` are special here (as in fluent-bit's Path), so `[` and backslash are escaped.
  const onlyStarAndQuestion = glob.replace(/[[\\]/g, '\\$&');
  try {
    return ctx.fs.readdir(dir).filter((n) => matchPattern(onlyStarAndQuestion, n)).map((n) => `${dir}/${n}`).filter((p) => ctx.fs.stat(p).type === 'file').sort();
  } catch (err) {
    if (err instanceof VfsError) return [];
    throw err;
  }
}

/** Calls onLine(file, line) for new lines until ctx is signalled; onNewFile when a file is first watched. */
export async function tailFiles(ctx: CommandContext, patterns: string[], onLine: (file: string, line: string) => Promise<void>, onNewFile?: (file: string) => Promise<void>): Promise<void> {
  const offsets = new Map<string, number>();
  let first = true;
  while (!ctx.signal.aborted) {
    for (const file of patterns.flatMap((p) => matchFiles(ctx, p))) {
      let text: string;
      try {
        text = ctx.fs.readFile(file);
      } catch (err) {
        if (err instanceof VfsError) continue;
        throw err;
      }
      if (!offsets.has(file)) {
        offsets.set(file, first ? text.length : 0);
        await onNewFile?.(file);
      }
      let offset = offsets.get(file)!;
      if (text.length < offset) offset = 0; // truncated or rotated
      const end = text.lastIndexOf('\n') + 1;
      if (end > offset) {
        for (const l of text.slice(offset, end - 1).split('\n')) await onLine(file, l);
        offset = end;
      }
      offsets.set(file, offset);
    }
    first = false;
    try {
      await ctx.clock.sleep(1000);
    } catch {
      return;
    }
  }
}
