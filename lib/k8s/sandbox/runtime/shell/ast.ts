/**
 * The syntax tree of a POSIX sh script (the busybox ash subset containers use). Words keep
 * their quoting structure, because expansion, field splitting and globbing depend on it.
 */

export type WordPart =
  /** Unquoted text (may hold glob characters and `~`). */
  | { type: 'lit'; text: string }
  /** 'single quoted': no expansion. Also a quoted here-doc body. */
  | { type: 'sq'; text: string }
  /** A backslash-escaped character, or literal text inside double quotes. */
  | { type: 'esc'; text: string }
  | { type: 'dq'; parts: WordPart[] }
  | ParamPart
  | { type: 'cmdsub'; script: Script }
  /** $(( expr )): the expression is itself a word (it may hold $VAR and $(cmd)). */
  | { type: 'arith'; expr: Word };

export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '%' | '%%' | '#' | '##' | '/' | '//' | ':';

export interface ParamPart {
  type: 'param';
  name: string;
  /** ${#name} */
  length?: boolean;
  op?: ParamOp;
  arg?: Word;
  /** The replacement of ${x/pat/rep}, the length of ${x:off:len}. */
  arg2?: Word;
}

export interface Word {
  parts: WordPart[];
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '<<' | '<<-' | '<>' | '>|' | '&>';

export interface Redir {
  fd: number;
  op: RedirOp;
  target: Word;
  /** Set for << and <<- once the body is read at the next newline. */
  heredoc?: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assignment[];
  words: Word[];
  redirs: Redir[];
  line: number;
}

export interface Group {
  type: 'group';
  body: Script;
  redirs: Redir[];
}
export interface Subshell {
  type: 'subshell';
  body: Script;
  redirs: Redir[];
}
export interface If {
  type: 'if';
  clauses: { cond: Script; body: Script }[];
  elseBody?: Script;
  redirs: Redir[];
}
export interface Loop {
  type: 'while';
  until: boolean;
  cond: Script;
  body: Script;
  redirs: Redir[];
}
export interface For {
  type: 'for';
  name: string;
  /** Undefined: iterate "$@". */
  items?: Word[];
  body: Script;
  redirs: Redir[];
}
export interface Case {
  type: 'case';
  word: Word;
  items: { patterns: Word[]; body: Script }[];
  redirs: Redir[];
}
export interface FunctionDef {
  type: 'function';
  name: string;
  body: Command;
}

export type Command = SimpleCommand | Group | Subshell | If | Loop | For | Case | FunctionDef;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface ListItem {
  andOr: AndOr;
  background: boolean;
}

export interface Script {
  items: ListItem[];
}
