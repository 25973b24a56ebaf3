/**
 * What the lab terminal lets a learner run: the commands and flags of verb-table.ts, read the
 * way kubectl reads them (parse.ts), against their own cluster only. The accepted command is
 * handed to kubectl re-written in one unambiguous form (`verb sub --long=value ... positionals
 * [-- command]`), so kubectl cannot read it differently from how it was checked.
 * `-f` accepts `editor` (the bench's current tab) or a file of the module's resource library,
 * which the runner sends on stdin (`--filename=-`).
 */
import { parseBool } from './flag-spec';
import { parseKubectl, type ParsedFlag } from './parse';
import { CommandRefusedError } from './refused';
import { CommandSyntaxError, INVISIBLE, tokenize } from './tokenize';

export { CommandRefusedError } from './refused';

export const MAX_LINE_CHARS = 4096;
export const MAX_WORDS = 64;

export interface AllowedCommand {
  /** Arguments after `kubectl`, in canonical form. */
  args: string[];
  /** A -f source the runner must resolve and send on stdin (the flag becomes `--filename=-`). */
  file?: { kind: 'editor' } | { kind: 'library'; path: string };
  /** -w / -f follow / rollout status: runs until the learner stops it (Ctrl+C), within the long limit. */
  follows: boolean;
}

const LIBRARY_PATH = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9._-]*)*\.ya?ml$/;
/** Dashes that look like `-` but are not: a flag typed with one would silently become a name. */
const DASH_LOOKALIKE = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;

function fileSource(value: string): NonNullable<AllowedCommand['file']> {
  if (value === 'editor') return { kind: 'editor' };
  if (LIBRARY_PATH.test(value) && !value.split('/').includes('..')) return { kind: 'library', path: value };
  throw new CommandRefusedError(`-f ${value}: only "editor" or a file of the resource library (e.g. batch-processing/parallel-jobs.yaml) can be used; URLs and server paths are refused`);
}

function checkValue(f: ParsedFlag): string {
  if (f.spec.arity === 'bool') {
    const b = parseBool(f.value);
    if (b === undefined) throw new CommandRefusedError(`${f.spelled}=${f.value}: expected true or false`);
    return String(b);
  }
  const why = f.spec.check?.(f.value);
  if (why) throw new CommandRefusedError(`${f.spelled} ${f.value}: ${why}`);
  return f.value;
}

export function checkCommand(line: string): AllowedCommand {
  if (line.length > MAX_LINE_CHARS) throw new CommandRefusedError(`that command is too long (${line.length} characters; the limit is ${MAX_LINE_CHARS}): put long content in the editor and use -f editor`);
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (e) {
    if (e instanceof CommandSyntaxError) throw new CommandRefusedError(e.message);
    throw e;
  }
  return checkWords(words);
}

/**
 * The same check over words already split (and expanded) by the workstation's shell, `kubectl`
 * first: the words reach kubectl as they are, so they are checked as they are.
 */
export function checkWords(words: string[]): AllowedCommand {
  if (words.join(' ').length > MAX_LINE_CHARS) throw new CommandRefusedError(`that command is too long (the limit is ${MAX_LINE_CHARS} characters): put long content in the editor and use -f editor`);
  if (words.length === 0) throw new CommandRefusedError('type a kubectl command, e.g. kubectl get pods');
  const hidden = words.find((w) => /[\n\r\t]/.test(w) || INVISIBLE.test(w));
  if (hidden !== undefined) throw new CommandRefusedError(`the argument "${JSON.stringify(hidden.slice(0, 40)).slice(1, -1)}" contains a newline, tab or invisible character; quote less (e.g. $(kubectl get pods -o name) without quotes) or retype it`);
  if (words[0] !== 'k' && words[0] !== 'kubectl') throw new CommandRefusedError(`this terminal runs kubectl only; "${words[0].slice(0, 40)}" is not available`);
  words = words.slice(1);
  if (words.length > MAX_WORDS) throw new CommandRefusedError(`that command has too many words (${words.length}; the limit is ${MAX_WORDS})`);
  const lookalike = words.find((w) => DASH_LOOKALIKE.test(w));
  if (lookalike) throw new CommandRefusedError(`"${lookalike.slice(0, 40)}" starts with a dash that is not "-" (U+${lookalike.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); type flags with the ASCII hyphen-minus`);

  const parsed = parseKubectl(words);
  const where = `kubectl ${parsed.path.join(' ')}`;
  if (parsed.afterDash && !parsed.spec.takesCommand) throw new CommandRefusedError(`"--" is refused for ${where}: only kubectl exec and kubectl run take a command after "--"`);
  const stdinWord = parsed.positionals.find((p) => p === '-');
  if (stdinWord !== undefined) throw new CommandRefusedError(`"-" (stdin) is not available; use -f editor`);

  const flagArgs: string[] = [];
  const values = new Map<string, string>();
  let file: AllowedCommand['file'];
  for (const f of parsed.flags) {
    const v = checkValue(f);
    values.set(f.name, v);
    if (f.name === 'filename') {
      if (file) throw new CommandRefusedError('one -f per command, please');
      file = fileSource(v);
      flagArgs.push('--filename=-');
      continue;
    }
    // A true bool goes bare (`--watch`): Google Cloud SDK's kubectl dispatcher reads `--help=true` as its own help.
    flagArgs.push(f.spec.arity === 'bool' && v === 'true' ? `--${f.name}` : `--${f.name}=${v}`);
  }
  const args = [...parsed.path, ...flagArgs, ...parsed.positionals];
  if (parsed.afterDash) args.push('--', ...parsed.afterDash);
  return { args, file, follows: parsed.spec.follows?.(values) ?? false };
}
