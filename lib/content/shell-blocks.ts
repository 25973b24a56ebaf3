/**
 * The shell blocks of a lesson (```bash, ```sh, ```shell fences) as the lines a learner types.
 * A fence whose meta holds `own-machine` is meant for the learner's own computer (a real cluster,
 * an interactive session) and is left out; lines holding a `<placeholder>` are templates to fill in.
 */
export interface ShellBlock {
  /** 1-based line of the opening fence in the lesson source. */
  line: number;
  lines: string[];
  /** The last yaml block above this one: what `kubectl apply -f editor` applies once pasted in the bench's editor. */
  yamlAbove?: string;
}

export const OWN_MACHINE = 'own-machine';

const FENCE = /^```(bash|sh|shell)(?:[ \t]+(.*))?$/;
const PLACEHOLDER = /<[a-z][a-z-]*>/;

export function shellBlocks(source: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  const rows = source.split('\n');
  let yamlAbove: string | undefined;
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].trimEnd() === '```yaml') {
      const body: string[] = [];
      for (i++; i < rows.length && !rows[i].startsWith('```'); i++) body.push(rows[i]);
      yamlAbove = body.join('\n') + '\n';
      continue;
    }
    const open = FENCE.exec(rows[i].trimEnd());
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < rows.length && !rows[i].startsWith('```'); i++) body.push(rows[i]);
    if ((open[2] ?? '').split(/\s+/).includes(OWN_MACHINE)) continue;
    const lines = body.filter((l) => l.trim() !== '' && !l.trim().startsWith('#') && !PLACEHOLDER.test(l));
    blocks.push({ line: start + 1, lines, ...(yamlAbove ? { yamlAbove } : {}) });
  }
  return blocks;
}
