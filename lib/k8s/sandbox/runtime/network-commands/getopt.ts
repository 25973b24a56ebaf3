/**
 * A small getopt for the network tools: clustered short options (`-qO-`, `-zvw5`), option
 * arguments attached or separate, long options (`--spider`, `--output=x`, `--max-time 3`)
 * mapped to names, and `--` ending the options. Unknown options throw UsageError, which the
 * tools turn into their usage message.
 */
export class UsageError extends Error {
  constructor(readonly option: string) {
    super(`unrecognized option '${option}'`);
    this.name = 'UsageError';
  }
}

export interface OptSpec {
  /** Short letters; a letter followed by ':' takes an argument (`"qO:T:"`). */
  short: string;
  /** Long name → short letter or own name; a trailing ':' takes an argument. */
  long?: Record<string, string>;
}

export interface ParsedOpts {
  /** Last value per option ('' for flags); counts for repeated flags (`-vv`). */
  values: Map<string, string>;
  counts: Map<string, number>;
  /** Every value of a repeatable option (curl -H). */
  all: Map<string, string[]>;
  operands: string[];
}

export function getopt(args: string[], spec: OptSpec): ParsedOpts {
  const takes = new Map<string, boolean>();
  for (let i = 0; i < spec.short.length; i++) {
    const c = spec.short[i];
    if (c === ':') continue;
    takes.set(c, spec.short[i + 1] === ':');
  }
  const longs = new Map<string, { name: string; arg: boolean }>();
  for (const [k, v] of Object.entries(spec.long ?? {})) {
    const arg = k.endsWith(':');
    longs.set(arg ? k.slice(0, -1) : k, { name: v, arg });
  }
  const out: ParsedOpts = { values: new Map(), counts: new Map(), all: new Map(), operands: [] };
  const set = (name: string, value: string) => {
    out.values.set(name, value);
    out.counts.set(name, (out.counts.get(name) ?? 0) + 1);
    out.all.set(name, [...(out.all.get(name) ?? []), value]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const def = longs.get(key);
      if (!def) throw new UsageError(a);
      if (def.arg) {
        const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(a);
        set(def.name, value);
      } else set(def.name, '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const arg = takes.get(c);
        if (arg === undefined) throw new UsageError(`-${c}`);
        if (!arg) {
          set(c, '');
          continue;
        }
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) throw new UsageError(`-${c}`);
        set(c, value);
        break;
      }
      continue;
    }
    out.operands.push(a);
  }
  return out;
}
