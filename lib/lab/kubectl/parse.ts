/**
 * Reads a kubectl command line (already split into words) the way kubectl itself does, so the
 * terminal judges the command kubectl would run, not a guess at it:
 * - the command path is found like cobra's Command.Find: stripFlags skips flags, and a flag
 *   without `=` and without a NoOptDefVal swallows the next word (`kubectl -n get proxy` is
 *   `proxy` in namespace "get"); argsMinusFirstX then removes the command word;
 * - the rest is read like pflag's FlagSet.Parse: `--flag value`, `--flag=value`, glued short flags
 *   (`-ojson`, `-o=json`, `-Aw`, `-Rs URL` = `-R -s URL`), `--` ending the flags, and `_` in long
 *   names read as `-` (kubectl's cliflag.WordSepNormalizeFunc, so `--profile_output` is
 *   `--profile-output`).
 * Local flags shadow global ones of the same name, as cobra's flag merge does.
 */
import type { FlagSpec, FlagTable, VerbSpec } from './flag-spec';
import { CommandRefusedError } from './refused';
import { GLOBAL_FLAGS, VERBS } from './verb-table';

export interface ParsedFlag {
  /** Long name, normalised (`profile-output`). */
  name: string;
  /** How the learner wrote it (`--profile_output`, `-s` inside `-Rs`), for messages. */
  spelled: string;
  spec: FlagSpec;
  value: string;
}

export interface ParsedCommand {
  /** Command path after `kubectl`, canonical names (`create`, `deployment`). */
  path: string[];
  spec: VerbSpec;
  flags: ParsedFlag[];
  positionals: string[];
  /** Words after `--`, when there was one. */
  afterDash?: string[];
}

const normalize = (name: string) => name.replace(/_/g, '-');

function flagsAt(spec: VerbSpec | undefined): FlagTable {
  return spec ? { ...GLOBAL_FLAGS, ...spec.flags } : GLOBAL_FLAGS;
}

function longFlag(table: FlagTable, name: string): FlagSpec | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

function shortFlag(table: FlagTable, c: string): [string, FlagSpec] | undefined {
  // Local flags come last in flagsAt, but a shorthand must be looked up local-first too.
  const hits = Object.entries(table).filter(([, f]) => f.short === c);
  return hits[hits.length - 1];
}

/** pflag gives bool flags a NoOptDefVal of "true"; `optional` flags have their own. */
const takesNoValue = (f: FlagSpec | undefined) => f !== undefined && f.arity !== 'value';

/** The words that would take the next word as their value, as cobra's stripFlags decides. */
function swallowsNext(s: string, table: FlagTable): boolean {
  if (s.includes('=')) return false;
  if (s.startsWith('--')) return !takesNoValue(longFlag(table, normalize(s.slice(2))));
  if (s.startsWith('-') && s.length === 2) return !takesNoValue(shortFlag(table, s.slice(1))?.[1]);
  return false;
}

/** cobra's stripFlags: the non-flag words, in order, up to `--`. */
function stripFlags(args: string[], table: FlagTable): string[] {
  const commands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i];
    if (s === '--') break;
    if (swallowsNext(s, table)) {
      if (args.length - i - 1 <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) commands.push(s);
  }
  return commands;
}

/** cobra's argsMinusFirstX: the args without the first non-flag-value occurrence of x. */
function argsMinusFirstX(args: string[], x: string, table: FlagTable): string[] {
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos];
    if (s === '--') break;
    if (swallowsNext(s, table)) {
      pos++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return args;
}

function child(children: Record<string, VerbSpec> | undefined, word: string): [string, VerbSpec] | undefined {
  if (!children) return undefined;
  if (Object.prototype.hasOwnProperty.call(children, word)) return [word, children[word]];
  return Object.entries(children).find(([, c]) => c.aliases?.includes(word));
}

function available(children: Record<string, VerbSpec>, prefix: string): string {
  return Object.entries(children)
    .filter(([, c]) => !c.refused)
    .map(([n]) => `${prefix}${n}`)
    .join(', ');
}

/** Finds the command the way cobra does; refuses commands the table does not allow. */
function findCommand(words: string[]): { path: string[]; spec: VerbSpec; rest: string[] } {
  let spec: VerbSpec | undefined;
  const path: string[] = [];
  let rest = words;
  for (;;) {
    const commands = stripFlags(rest, flagsAt(spec));
    const children = spec ? spec.subcommands : VERBS;
    if (commands.length === 0 || !children) break;
    const found = child(children, commands[0]);
    if (!found) {
      const where = path.length ? `kubectl ${path.join(' ')} ${commands[0]}` : `kubectl ${commands[0]}`;
      if (!spec) throw new CommandRefusedError(`${where} is not available in the lab terminal; it runs: ${available(VERBS, '')}`);
      throw new CommandRefusedError(`${where} is not available in the lab terminal; use one of: ${available(children, `kubectl ${path.join(' ')} `)}`);
    }
    rest = argsMinusFirstX(rest, commands[0], flagsAt(spec));
    spec = found[1];
    path.push(found[0]);
    if (spec.refused) throw new CommandRefusedError(`kubectl ${path.join(' ')} is refused: ${spec.refused}`);
  }
  if (!spec) throw new CommandRefusedError('which kubectl command? e.g. kubectl get pods');
  if (spec.needsSubcommand && spec.subcommands) {
    throw new CommandRefusedError(`kubectl ${path.join(' ')} needs one of: ${available(spec.subcommands, `kubectl ${path.join(' ')} `)}`);
  }
  return { path, spec, rest };
}

function display(spelled: string, name: string, word: string): string {
  const canonical = `--${name}`;
  const base = spelled === canonical ? canonical : `${spelled} (${canonical})`;
  return word !== spelled && !word.startsWith(`${spelled}=`) ? `${base}, in ${word},` : base;
}

/** Parses words after `kubectl`; throws CommandRefusedError for what kubectl would not accept or the table refuses. */
export function parseKubectl(words: string[]): ParsedCommand {
  const { path, spec, rest } = findCommand(words);
  const table = flagsAt(spec);
  const flags: ParsedFlag[] = [];
  const positionals: string[] = [];
  const where = `kubectl ${path.join(' ')}`;

  const add = (name: string, spelled: string, word: string, flag: FlagSpec, value: string) => {
    if (flag.refused) throw new CommandRefusedError(`${display(spelled, name, word)} is refused: ${flag.refused}`);
    flags.push({ name, spelled, spec: flag, value });
  };
  const unknown = (spelled: string) =>
    new CommandRefusedError(`${spelled} is not a flag the lab terminal allows for ${where}; allowed: ${Object.entries(table).filter(([, f]) => !f.refused).map(([n, f]) => (f.short ? `-${f.short}/--${n}` : `--${n}`)).join(' ')}`);

  const args = [...rest];
  while (args.length > 0) {
    const s = args.shift()!;
    if (s.length === 0 || s[0] !== '-' || s.length === 1) {
      positionals.push(s);
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) return { path, spec, flags, positionals, afterDash: args };
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') throw new CommandRefusedError(`bad flag syntax: ${s}`);
      const eq = body.indexOf('=');
      const spelledName = eq < 0 ? body : body.slice(0, eq);
      const name = normalize(spelledName);
      const flag = longFlag(table, name);
      if (!flag) throw unknown(`--${spelledName}`);
      let v: string;
      if (eq >= 0) v = body.slice(eq + 1);
      else if (flag.arity === 'bool') v = 'true';
      else if (flag.arity === 'optional') v = flag.noOptValue!;
      else if (args.length > 0) v = args.shift()!;
      else {
        if (flag.refused) add(name, `--${spelledName}`, s, flag, '');
        throw new CommandRefusedError(`--${spelledName} needs a value`);
      }
      add(name, `--${spelledName}`, s, flag, v);
      continue;
    }
    // Short flags: pflag's parseSingleShortArg, one letter at a time.
    let shorts = s.slice(1);
    if (shorts.startsWith('test.')) throw new CommandRefusedError(`${s} is not a flag the lab terminal allows`);
    while (shorts.length > 0) {
      const c = shorts[0];
      const hit = shortFlag(table, c);
      if (!hit) throw unknown(s.length > 2 ? `-${c} (in ${s})` : `-${c}`);
      const [name, flag] = hit;
      let v: string;
      if (shorts.length > 2 && shorts[1] === '=') {
        v = shorts.slice(2);
        shorts = '';
      } else if (flag.arity !== 'value') {
        v = flag.arity === 'bool' ? 'true' : flag.noOptValue!;
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        v = shorts.slice(1);
        shorts = '';
      } else if (args.length > 0) {
        v = args.shift()!;
        shorts = '';
      } else {
        if (flag.refused) add(name, `-${c}`, s, flag, '');
        throw new CommandRefusedError(`-${c} needs a value`);
      }
      add(name, `-${c}`, s, flag, v);
    }
  }
  return { path, spec, flags, positionals };
}
