/**
 * The lexer of the POSIX sh parser (parser.ts): tokens (operators, newlines, io numbers, words),
 * here-doc bodies, and the words themselves with their quotes and expansions. Words nest whole
 * scripts (`$(...)`, backticks), so the lexer is handed a ScriptReader, the parser's way of
 * reading a script from a position, instead of importing the parser.
 *
 * Every unquoted context (a command word, the word inside `${...}`) goes through one quote
 * scanner, readUnquoted: backslash, single quotes, double quotes, `$` and backticks behave the
 * same in both; only where the word stops differs.
 */
import type { ParamOp, ParamPart, Redir, Script, Word, WordPart } from './ast';
import { ShellSyntaxError } from './syntax-error';

export type Token =
  | { kind: 'word'; word: Word; raw: string; plain: boolean; line: number }
  | { kind: 'io'; fd: number }
  | { kind: 'op'; op: string }
  | { kind: 'newline' }
  | { kind: 'eof' };

/** How the lexer reads the scripts words contain (parser.ts provides it). */
export interface ScriptReader {
  /** Parses the list of a `$(...)` starting at pos up to its `)` (consumed); returns where it ended. */
  substitution(src: string, pos: number, line: number): { script: Script; pos: number; line: number };
  /** Parses a whole script (the text of a backtick substitution). */
  script(text: string): Script;
}

export interface PendingHeredoc {
  redir: Redir;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

const OPERATORS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '<>', '>|', '&>', ';', '&', '|', '(', ')', '<', '>'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const PARAM_OPS: ParamOp[] = [':-', ':=', ':+', ':?', '%%', '##', '//', '-', '=', '+', '?', '%', '#', '/', ':'];

export function describeToken(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'newline') return 'newline';
  if (t.kind === 'op') return `"${t.op}"`;
  if (t.kind === 'io') return `"${t.fd}"`;
  return `"${t.raw}"`;
}

/** Collects a word's parts, joining adjacent literal characters into one part of litType. */
class WordParts {
  readonly parts: WordPart[] = [];
  private lit = '';

  constructor(private readonly litType: 'lit' | 'esc') {}

  text(s: string): void {
    this.lit += s;
  }
  part(p: WordPart): void {
    this.flush();
    this.parts.push(p);
  }
  done(): WordPart[] {
    this.flush();
    return this.parts;
  }
  private flush(): void {
    if (this.lit) this.parts.push({ type: this.litType, text: this.lit });
    this.lit = '';
  }
}

export class Lexer {
  pos: number;
  line = 1;
  /** Here-docs whose bodies start after the next newline. */
  pending: PendingHeredoc[] = [];
  private peeked: Token | undefined;

  constructor(
    private readonly src: string,
    start: number,
    private readonly scripts: ScriptReader,
  ) {
    this.pos = start;
  }

  // ---------- tokens ----------

  peek(): Token {
    if (!this.peeked) this.peeked = this.scan();
    return this.peeked;
  }

  take(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private scan(): Token {
    this.skipBlanks();
    const s = this.src;
    if (this.pos >= s.length) {
      if (this.pending.length) throw new ShellSyntaxError(`unexpected end of file (expecting "${this.pending[0].delimiter}")`);
      return { kind: 'eof' };
    }
    const c = s[this.pos];
    if (c === '\n') {
      this.pos++;
      this.line++;
      this.readHeredocBodies();
      return { kind: 'newline' };
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'op', op };
      }
    }
    const line = this.line;
    const start = this.pos;
    const word = this.readUnquoted((ch) => META.has(ch));
    const raw = s.slice(start, this.pos);
    if (/^\d+$/.test(raw) && (s[this.pos] === '<' || s[this.pos] === '>')) return { kind: 'io', fd: Number(raw) };
    const plain = word.parts.every((p) => p.type === 'lit');
    return { kind: 'word', word, raw: plain ? literalText(word) : raw, plain, line };
  }

  private skipBlanks(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private readHeredocBodies(): void {
    const s = this.src;
    for (const h of this.pending) {
      const lines: string[] = [];
      while (this.pos < s.length) {
        let end = s.indexOf('\n', this.pos);
        if (end < 0) end = s.length;
        let lineText = s.slice(this.pos, end);
        this.pos = Math.min(end + 1, s.length);
        this.line++;
        if (h.stripTabs) lineText = lineText.replace(/^\t+/, '');
        if (lineText === h.delimiter) break;
        lines.push(lineText);
      }
      // busybox ash accepts a here-doc ended by end of input (with a warning in bash).
      const body = lines.length ? `${lines.join('\n')}\n` : '';
      h.redir.heredoc = h.quoted ? { parts: [{ type: 'sq', text: body }] } : this.expandableText(body, true);
    }
    this.pending = [];
  }

  // ---------- words ----------

  /**
   * The quote scanner: an unquoted word up to the first character `stop` accepts (not consumed).
   * At end of input the word ends, or, with `unterminated`, that error is thrown (`${...}`).
   */
  private readUnquoted(stop: (c: string) => boolean, unterminated?: string): Word {
    const s = this.src;
    const word = new WordParts('lit');
    for (;;) {
      if (this.pos >= s.length) {
        if (unterminated) throw new ShellSyntaxError(unterminated);
        break;
      }
      const c = s[this.pos];
      if (stop(c)) break;
      if (c === '\\') {
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n === undefined) word.text('\\');
        else if (n === '\n') this.line++;
        else word.part({ type: 'esc', text: n });
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        const text = s.slice(this.pos + 1, end);
        this.line += countNewlines(text);
        word.part({ type: 'sq', text });
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        word.part({ type: 'dq', parts: this.readDouble() });
      } else this.expansionOrChar(word);
    }
    return { parts: word.done() };
  }

  /** Inside "...": returns at the closing quote (consumed). */
  private readDouble(): WordPart[] {
    const s = this.src;
    const word = new WordParts('esc');
    for (;;) {
      if (this.pos >= s.length) throw new ShellSyntaxError('unterminated quoted string');
      const c = s[this.pos];
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          word.text(n);
          this.pos += 2;
        } else if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else {
          word.text('\\');
          this.pos++;
        }
      } else {
        if (c === '\n') this.line++;
        this.expansionOrChar(word);
      }
    }
    return word.done();
  }

  /** Here-doc bodies and arithmetic text: the whole input, with only $, ` and (in here-docs) \ special. */
  expandableText(text: string, heredoc: boolean): Word {
    const sub = new Lexer(text, 0, this.scripts);
    return sub.readExpandableText(heredoc);
  }

  readExpandableText(heredoc: boolean): Word {
    const s = this.src;
    const word = new WordParts('esc');
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && heredoc) {
        const n = s[this.pos + 1];
        if (n === '$' || n === '`' || n === '\\') {
          word.text(n);
          this.pos += 2;
        } else if (n === '\n') this.pos += 2;
        else {
          word.text('\\');
          this.pos++;
        }
      } else this.expansionOrChar(word);
    }
    return { parts: word.done() };
  }

  /** At any character: an expansion part if `$` or a backtick starts one, else the character as text. */
  private expansionOrChar(word: WordParts): void {
    const c = this.src[this.pos];
    const part = c === '$' || c === '`' ? this.readDollarOrBacktick() : undefined;
    if (part) word.part(part);
    else {
      word.text(c);
      this.pos++;
    }
  }

  /** At `$` or a backtick; returns undefined (nothing consumed) for a lone `$`. */
  private readDollarOrBacktick(): WordPart | undefined {
    const s = this.src;
    if (s[this.pos] === '`') return this.readBacktick();
    const n = s[this.pos + 1];
    if (n === '(' && s[this.pos + 2] === '(') {
      const end = findArithEnd(s, this.pos + 3);
      if (end >= 0) {
        const text = s.slice(this.pos + 3, end);
        this.pos = end + 2;
        return { type: 'arith', expr: this.expandableText(text, false) };
      }
    }
    if (n === '(') {
      const sub = this.scripts.substitution(s, this.pos + 2, this.line);
      this.pos = sub.pos;
      this.line = sub.line;
      return { type: 'cmdsub', script: sub.script };
    }
    if (n === '{') return this.readBraced();
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      let end = this.pos + 1;
      while (end < s.length && /[A-Za-z0-9_]/.test(s[end])) end++;
      const name = s.slice(this.pos + 1, end);
      this.pos = end;
      return { type: 'param', name };
    }
    if (n !== undefined && /[0-9@*#?$!\-]/.test(n)) {
      this.pos += 2;
      return { type: 'param', name: n };
    }
    return undefined;
  }

  private readBacktick(): WordPart {
    const s = this.src;
    let i = this.pos + 1;
    let inner = '';
    for (;;) {
      if (i >= s.length) throw new ShellSyntaxError('unterminated quoted string');
      const c = s[i];
      if (c === '`') break;
      if (c === '\\' && (s[i + 1] === '`' || s[i + 1] === '\\' || s[i + 1] === '$')) {
        inner += s[i + 1];
        i += 2;
        continue;
      }
      inner += c;
      i++;
    }
    this.pos = i + 1;
    return { type: 'cmdsub', script: this.scripts.script(inner) };
  }

  /** ${name}, ${#name}, ${name<op>word}, ${name/pat/rep}, ${name:off:len}. */
  private readBraced(): WordPart {
    const s = this.src;
    this.pos += 2;
    const part: ParamPart = { type: 'param', name: '' };
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
      part.length = true;
      this.pos++;
    }
    let end = this.pos;
    if (/[A-Za-z_]/.test(s[end] ?? '')) while (end < s.length && /[A-Za-z0-9_]/.test(s[end])) end++;
    else if (/[0-9]/.test(s[end] ?? '')) while (end < s.length && /[0-9]/.test(s[end])) end++;
    else if (/[@*#?$!\-]/.test(s[end] ?? '')) end++;
    part.name = s.slice(this.pos, end);
    if (!part.name) throw new ShellSyntaxError('bad substitution');
    this.pos = end;
    if (s[this.pos] === '}') {
      this.pos++;
      return part;
    }
    if (part.length) throw new ShellSyntaxError('bad substitution');
    const op = PARAM_OPS.find((o) => s.startsWith(o, this.pos));
    if (!op) throw new ShellSyntaxError('bad substitution');
    this.pos += op.length;
    part.op = op;
    if (op === '/' || op === '//') {
      part.arg = this.readParamWord(['/', '}']);
      if (s[this.pos] === '/') {
        this.pos++;
        part.arg2 = this.readParamWord(['}']);
      } else part.arg2 = { parts: [] };
    } else if (op === ':') {
      part.arg = this.readParamWord([':', '}']);
      if (s[this.pos] === ':') {
        this.pos++;
        part.arg2 = this.readParamWord(['}']);
      }
    } else {
      part.arg = this.readParamWord(['}']);
    }
    if (s[this.pos] !== '}') throw new ShellSyntaxError('bad substitution');
    this.pos++;
    return part;
  }

  /** The word inside ${...}: quotes and expansions work, blanks are literal. */
  private readParamWord(stops: string[]): Word {
    return this.readUnquoted((c) => stops.includes(c), 'bad substitution');
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

/** Index of the `))` closing an arithmetic expansion whose text starts at `from`, or -1. */
function findArithEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return s[i + 1] === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** The text of a word with quotes removed (here-doc delimiters, reserved words, names). */
export function literalText(word: Word): string {
  return word.parts
    .map((p) => {
      if (p.type === 'lit' || p.type === 'sq' || p.type === 'esc') return p.text;
      if (p.type === 'dq') return literalText({ parts: p.parts });
      return '';
    })
    .join('');
}
