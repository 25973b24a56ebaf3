/**
 * The shape of the lab terminal's kubectl table (verb-table.ts): per command, the flags it
 * takes with the arity kubectl's flag library (spf13/pflag) gives them, so the terminal reads a
 * command line exactly as kubectl would before deciding whether to run it.
 */

/**
 * How a flag takes its value, as pflag decides it:
 * - `bool`: never takes the next word (`-w`, `--watch`, `--watch=false`);
 * - `value`: takes `=value`, the rest of a glued short flag (`-ojson`), or the next word;
 * - `optional`: a value flag with a NoOptDefVal (`--dry-run`, `--validate`, `--cascade`): alone it
 *   means `noOptValue` and it never takes the next word.
 */
export type Arity = 'bool' | 'value' | 'optional';

/** A reason the value is refused (said to the learner), or undefined when it is fine. */
export type ValueCheck = (value: string) => string | undefined;

export interface FlagSpec {
  arity: Arity;
  /** One-letter form, e.g. `o` for `-o`. */
  short?: string;
  /** The value pflag uses for a bare `optional` flag (kubectl's NoOptDefVal). */
  noOptValue?: string;
  check?: ValueCheck;
  /** Set when kubectl has the flag but the terminal refuses it: why, and what to use instead. */
  refused?: string;
}

export type FlagTable = Record<string, FlagSpec>;

export interface VerbSpec {
  /** Flags of this command (kubectl's global flags are added by the parser). */
  flags: FlagTable;
  /** Other names cobra accepts for this command (`deploy` for `deployment`). */
  aliases?: string[];
  /** Subcommands; with `needsSubcommand` a bare command is refused (`kubectl create` alone). */
  subcommands?: Record<string, VerbSpec>;
  needsSubcommand?: boolean;
  /** Refused as a whole: why, and what to use instead. */
  refused?: string;
  /** Takes a command after `--` (exec, run). */
  takesCommand?: boolean;
  /** Runs until the learner stops it, given the flags the learner set (long names, values). */
  follows?: (flags: ReadonlyMap<string, string>) => boolean;
}

export const bool = (short?: string): FlagSpec => ({ arity: 'bool', short });
export const value = (check?: ValueCheck, short?: string): FlagSpec => ({ arity: 'value', check, short });
export const optional = (noOptValue: string, check?: ValueCheck): FlagSpec => ({ arity: 'optional', noOptValue, check });
export const refusedFlag = (arity: Arity, reason: string, short?: string): FlagSpec => ({ arity, short, refused: reason });

/** pflag's strconv.ParseBool spellings. */
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** A bool flag's value as kubectl would read it, or undefined when kubectl would reject it. */
export function parseBool(v: string): boolean | undefined {
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

export const oneOf =
  (...allowed: string[]): ValueCheck =>
  (v) =>
    allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}`;
