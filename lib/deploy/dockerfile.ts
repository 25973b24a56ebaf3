/**
 * A Dockerfile read the way BuildKit reads it, for checking the image without a container engine
 * (lib/deploy/image.test.ts): line continuations joined, comments and the `# syntax=` directive
 * dropped, instructions grouped into stages, `ARG` defaults substituted into FROM, exec-form (JSON)
 * arguments parsed, `--flag=value` options of COPY/ADD/RUN/FROM split off. Not a builder: RUN
 * commands are kept as text.
 */
export interface Instruction {
  /** Upper case: FROM, RUN, COPY, ... */
  keyword: string;
  /** Options before the arguments (`--from=build`, `--chown=10001:10001`), without the dashes. */
  flags: Record<string, string>;
  /** The arguments as written (after the flags). */
  args: string;
  /** The exec form (`["node", "x"]`), when the arguments are a JSON array of strings. */
  exec?: string[];
  line: number;
}

export interface Stage {
  /** The base image, ARG defaults substituted. */
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export class DockerfileSyntaxError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`Dockerfile line ${line}: ${detail}`);
    this.name = 'DockerfileSyntaxError';
  }
}

const FLAGGED = new Set(['FROM', 'COPY', 'ADD', 'RUN']);

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    // Comments are whole lines starting with #, even inside a continued instruction.
    if (/^\s*#/.test(line)) return;
    if (current === '') start = i + 1;
    if (/\\\s*$/.test(line)) {
      current += `${line.replace(/\\\s*$/, '')} `;
      return;
    }
    current += line;
    if (current.trim() !== '') out.push({ text: current.trim(), line: start });
    current = '';
  });
  if (current.trim() !== '') out.push({ text: current.trim(), line: start });
  return out;
}

function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Substitutes ${NAME} and $NAME from vars (unknown names become empty, as BuildKit does). */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? '');
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { text: l, line } of logicalLines(text)) {
    const m = /^(\S+)\s*(.*)$/.exec(l)!;
    const keyword = m[1].toUpperCase();
    let rest = m[2];
    const flags: Record<string, string> = {};
    if (FLAGGED.has(keyword)) {
      for (let f = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(rest); f; f = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(rest)) {
        flags[f[1]] = f[2] ?? 'true';
        rest = rest.slice(f[0].length);
      }
    }
    const instruction: Instruction = { keyword, flags, args: rest, exec: execForm(rest), line };
    if (keyword === 'FROM') {
      const fm = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!fm) throw new DockerfileSyntaxError(line, `FROM needs an image and an optional AS name, got "${rest}"`);
      stages.push({ from: substitute(fm[1], globalArgs), name: fm[2], instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (keyword !== 'ARG') throw new DockerfileSyntaxError(line, `only ARG may come before the first FROM, got ${keyword}`);
      const am = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(rest);
      if (!am) throw new DockerfileSyntaxError(line, `ARG needs a name, got "${rest}"`);
      globalArgs[am[1]] = am[2] ?? '';
      continue;
    }
    stages[stages.length - 1].instructions.push(instruction);
  }
  if (stages.length === 0) throw new DockerfileSyntaxError(1, 'no FROM');
  return { globalArgs, stages };
}

/** ENV instructions of a stage as name → value (`ENV A=1 B=2` and the old `ENV A 1` form). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.keyword === 'ENV')) {
    const pairs = [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)];
    if (pairs.length === 0) {
      const old = /^(\S+)\s+(.*)$/.exec(i.args);
      if (old) env[old[1]] = old[2];
      continue;
    }
    for (const [, k, v] of pairs) env[k] = v.startsWith('"') ? (JSON.parse(v) as string) : v;
  }
  return env;
}

/** The stage a COPY --from names (by name or index). */
export function stageNamed(file: Dockerfile, ref: string): Stage | undefined {
  return /^\d+$/.test(ref) ? file.stages[Number(ref)] : file.stages.find((s) => s.name === ref);
}

/** The sources and destination of a COPY/ADD (exec or shell form). */
export function copyPaths(i: Instruction): { sources: string[]; dest: string } {
  const parts = i.exec ?? i.args.split(/\s+/).filter(Boolean);
  return { sources: parts.slice(0, -1), dest: parts[parts.length - 1] };
}
