/**
 * A recursive-descent parser for POSIX sh (the grammar of the POSIX Shell Command Language,
 * section 2.10, restricted to what busybox ash scripts in pods use). It scans characters
 * directly rather than through a separate lexer, because words nest whole scripts:
 * `$(...)` is parsed by a sub-parser from the same position, which is how quotes and `)`
 * inside a command substitution are handled correctly.
 */
import type { AndOr, Assignment, Command, ListItem, ParamOp, ParamPart, Pipeline, Redir, RedirOp, Script, SimpleCommand, Word, WordPart } from './ast';

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(`syntax error: ${message}`);
    this.name = 'ShellSyntaxError';
  }
}

type Token =
  | { kind: 'word'; word: Word; raw: string; plain: boolean; line: number }
  | { kind: 'io'; fd: number }
  | { kind: 'op'; op: string }
  | { kind: 'newline' }
  | { kind: 'eof' };

const OPERATORS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '<>', '>|', '&>', ';', '&', '|', '(', ')', '<', '>'];
const REDIR_OPS = new Set(['>', '>>', '<', '>&', '<&', '<<', '<<-', '<>', '>|', '&>']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_OPS: ParamOp[] = [':-', ':=', ':+', ':?', '%%', '##', '//', '-', '=', '+', '?', '%', '#', '/', ':'];

interface PendingHeredoc {
  redir: Redir;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

export function parse(src: string): Script {
  const p = new Parser(src, 0);
  const script = p.parseList(new Set());
  const t = p.peek();
  if (t.kind !== 'eof') throw new ShellSyntaxError(`unexpected ${describe(t)}`);
  return script;
}

/** Parses a word outside any command (here-doc bodies, `$((...))` text): only $, ` and \ are special. */
export function parseExpandableText(text: string, heredoc = true): Word {
  const p = new Parser(text, 0);
  return p.readQuotedText(heredoc);
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'newline') return 'newline';
  if (t.kind === 'op') return `"${t.op}"`;
  if (t.kind === 'io') return `"${t.fd}"`;
  return `"${t.raw}"`;
}

class Parser {
  pos: number;
  private peeked: Token | undefined;
  private pending: PendingHeredoc[] = [];
  private line = 1;

  constructor(
    private readonly src: string,
    start: number,
  ) {
    this.pos = start;
  }

  // ---------- grammar ----------

  /** A list of and-or items up to a reserved word in `until`, `)`, `;;` or end of input. */
  parseList(until: Set<string>): Script {
    const items: ListItem[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'op' && (t.op === ')' || t.op === ';;')) break;
      if (t.kind === 'word' && t.plain && until.has(t.raw)) break;
      const andOr = this.parseAndOr();
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.take();
        items.push({ andOr, background: sep.op === '&' });
      } else if (sep.kind === 'newline') {
        items.push({ andOr, background: false });
      } else {
        items.push({ andOr, background: false });
        break;
      }
    }
    return { items };
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.take();
      this.skipNewlines();
      rest.push({ op: t.op, pipeline: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    const t = this.peek();
    if (t.kind === 'word' && t.plain && t.raw === '!') {
      this.take();
      negate = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const n = this.peek();
      if (n.kind !== 'op' || n.op !== '|') break;
      this.take();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { negate, commands };
  }

  private parseCommand(): Command {
    const t = this.peek();
    if (t.kind === 'op' && t.op === '(') {
      this.take();
      const body = this.parseList(new Set());
      this.expectOp(')');
      return { type: 'subshell', body, redirs: this.parseRedirs() };
    }
    if (t.kind === 'word' && t.plain) {
      switch (t.raw) {
        case '{': {
          this.take();
          const body = this.parseList(new Set(['}']));
          this.expectWord('}');
          return { type: 'group', body, redirs: this.parseRedirs() };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until': {
          this.take();
          const cond = this.parseList(new Set(['do']));
          this.expectWord('do');
          const body = this.parseList(new Set(['done']));
          this.expectWord('done');
          return { type: 'while', until: t.raw === 'until', cond, body, redirs: this.parseRedirs() };
        }
        case 'for':
          return this.parseFor();
        case 'case':
          return this.parseCase();
        case 'function': {
          this.take();
          const name = this.take();
          if (name.kind !== 'word') throw new ShellSyntaxError(`unexpected ${describe(name)}`);
          const paren = this.peek();
          if (paren.kind === 'op' && paren.op === '(') {
            this.take();
            this.expectOp(')');
          }
          this.skipNewlines();
          return { type: 'function', name: name.raw, body: this.parseCommand() };
        }
        case 'then':
        case 'else':
        case 'elif':
        case 'fi':
        case 'do':
        case 'done':
        case 'esac':
        case '}':
        case 'in':
          throw new ShellSyntaxError(`unexpected "${t.raw}"`);
      }
    }
    return this.parseSimple();
  }

  private parseIf(): Command {
    this.take();
    const clauses: { cond: Script; body: Script }[] = [];
    let elseBody: Script | undefined;
    for (;;) {
      const cond = this.parseList(new Set(['then']));
      this.expectWord('then');
      const body = this.parseList(new Set(['elif', 'else', 'fi']));
      clauses.push({ cond, body });
      const t = this.take();
      if (t.kind === 'word' && t.raw === 'elif') continue;
      if (t.kind === 'word' && t.raw === 'else') {
        elseBody = this.parseList(new Set(['fi']));
        this.expectWord('fi');
        break;
      }
      if (t.kind === 'word' && t.raw === 'fi') break;
      throw new ShellSyntaxError(t.kind === 'eof' ? 'unexpected end of file (expecting "fi")' : `unexpected ${describe(t)}`);
    }
    return { type: 'if', clauses, elseBody, redirs: this.parseRedirs() };
  }

  private parseFor(): Command {
    this.take();
    const nameTok = this.take();
    if (nameTok.kind !== 'word' || !NAME.test(nameTok.raw)) throw new ShellSyntaxError(`bad for loop variable`);
    let items: Word[] | undefined;
    this.skipNewlines();
    const t = this.peek();
    if (t.kind === 'word' && t.plain && t.raw === 'in') {
      this.take();
      items = [];
      for (;;) {
        const w = this.peek();
        if (w.kind !== 'word') break;
        this.take();
        items.push(w.word);
      }
      const sep = this.peek();
      if (sep.kind === 'op' && sep.op === ';') this.take();
    } else if (t.kind === 'op' && t.op === ';') {
      this.take();
    }
    this.skipNewlines();
    this.expectWord('do');
    const body = this.parseList(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: nameTok.raw, items, body, redirs: this.parseRedirs() };
  }

  private parseCase(): Command {
    this.take();
    const w = this.take();
    if (w.kind !== 'word') throw new ShellSyntaxError(`unexpected ${describe(w)}`);
    this.skipNewlines();
    this.expectWord('in');
    const items: { patterns: Word[]; body: Script }[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.peek();
      if (t.kind === 'word' && t.plain && t.raw === 'esac') {
        this.take();
        break;
      }
      if (t.kind === 'op' && t.op === '(') this.take();
      const patterns: Word[] = [];
      for (;;) {
        t = this.take();
        if (t.kind !== 'word') throw new ShellSyntaxError(`unexpected ${describe(t)}`);
        patterns.push(t.word);
        const n = this.take();
        if (n.kind === 'op' && n.op === '|') continue;
        if (n.kind === 'op' && n.op === ')') break;
        throw new ShellSyntaxError(`unexpected ${describe(n)} (expecting ")")`);
      }
      const body = this.parseList(new Set(['esac']));
      items.push({ patterns, body });
      const end = this.peek();
      if (end.kind === 'op' && end.op === ';;') {
        this.take();
        continue;
      }
      this.skipNewlines();
      const e = this.take();
      if (e.kind === 'word' && e.raw === 'esac') break;
      throw new ShellSyntaxError(e.kind === 'eof' ? 'unexpected end of file (expecting "esac")' : `unexpected ${describe(e)}`);
    }
    return { type: 'case', word: w.word, items, redirs: this.parseRedirs() };
  }

  private parseSimple(): Command {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirs: [], line: this.line };
    for (;;) {
      const t = this.peek();
      if (t.kind === 'io' || (t.kind === 'op' && REDIR_OPS.has(t.op))) {
        cmd.redirs.push(this.parseRedir());
        continue;
      }
      if (t.kind !== 'word') break;
      this.take();
      if (cmd.words.length === 0) {
        const assign = asAssignment(t.word);
        if (assign) {
          cmd.assigns.push(assign);
          continue;
        }
        const n = this.peek();
        if (n.kind === 'op' && n.op === '(' && cmd.assigns.length === 0 && cmd.redirs.length === 0) {
          this.take();
          this.expectOp(')');
          this.skipNewlines();
          return { type: 'function', name: t.raw, body: this.parseCommand() };
        }
      }
      cmd.words.push(t.word);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) {
      throw new ShellSyntaxError(`unexpected ${describe(this.peek())}`);
    }
    return cmd;
  }

  private parseRedirs(): Redir[] {
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'io' || (t.kind === 'op' && REDIR_OPS.has(t.op))) redirs.push(this.parseRedir());
      else return redirs;
    }
  }

  private parseRedir(): Redir {
    let t = this.take();
    let fd: number | undefined;
    if (t.kind === 'io') {
      fd = t.fd;
      t = this.take();
    }
    if (t.kind !== 'op' || !REDIR_OPS.has(t.op)) throw new ShellSyntaxError(`unexpected ${describe(t)}`);
    const op = t.op as RedirOp;
    const target = this.take();
    if (target.kind !== 'word') throw new ShellSyntaxError(`unexpected ${describe(target)}`);
    const redir: Redir = { fd: fd ?? (op.startsWith('<') ? 0 : 1), op, target: target.word };
    if (op === '<<' || op === '<<-') {
      const quoted = target.word.parts.some((p) => p.type !== 'lit');
      this.pending.push({ redir, delimiter: literalText(target.word), quoted, stripTabs: op === '<<-' });
    }
    return redir;
  }

  private expectWord(w: string): void {
    const t = this.take();
    if (t.kind === 'word' && t.raw === w && t.plain) return;
    throw new ShellSyntaxError(t.kind === 'eof' ? `unexpected end of file (expecting "${w}")` : `unexpected ${describe(t)} (expecting "${w}")`);
  }

  private expectOp(op: string): void {
    const t = this.take();
    if (t.kind === 'op' && t.op === op) return;
    throw new ShellSyntaxError(t.kind === 'eof' ? `unexpected end of file (expecting "${op}")` : `unexpected ${describe(t)} (expecting "${op}")`);
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.take();
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
    const word = this.readWord();
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
      let found = false;
      while (this.pos < s.length) {
        let end = s.indexOf('\n', this.pos);
        if (end < 0) end = s.length;
        let lineText = s.slice(this.pos, end);
        this.pos = Math.min(end + 1, s.length);
        this.line++;
        if (h.stripTabs) lineText = lineText.replace(/^\t+/, '');
        if (lineText === h.delimiter) {
          found = true;
          break;
        }
        lines.push(lineText);
      }
      // busybox ash accepts a here-doc ended by end of input (with a warning in bash).
      void found;
      const body = lines.length ? `${lines.join('\n')}\n` : '';
      h.redir.heredoc = h.quoted ? { parts: [{ type: 'sq', text: body }] } : parseExpandableText(body);
    }
    this.pending = [];
  }

  // ---------- words ----------

  /** An unquoted word up to the next metacharacter. */
  private readWord(): Word {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'lit', text: lit });
      lit = '';
    };
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (META.has(c)) break;
      if (c === '\\') {
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n === undefined) {
          lit += '\\';
          continue;
        }
        if (n === '\n') {
          this.line++;
          continue;
        }
        flush();
        parts.push({ type: 'esc', text: n });
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        flush();
        const text = s.slice(this.pos + 1, end);
        this.line += countNewlines(text);
        parts.push({ type: 'sq', text });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ type: 'dq', parts: this.readDouble() });
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBacktick();
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush();
    return { parts };
  }

  /** Inside "...": returns at the closing quote (consumed). */
  private readDouble(): WordPart[] {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'esc', text: lit });
      lit = '';
    };
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
          lit += n;
          this.pos += 2;
        } else if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else {
          lit += '\\';
          this.pos++;
        }
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBacktick();
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        if (c === '\n') this.line++;
        lit += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** Here-doc bodies and arithmetic text: the whole input, with only $, ` and \ special. */
  readQuotedText(heredoc: boolean): Word {
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'esc', text: lit });
      lit = '';
    };
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && heredoc) {
        const n = s[this.pos + 1];
        if (n === '$' || n === '`' || n === '\\') {
          lit += n;
          this.pos += 2;
        } else if (n === '\n') this.pos += 2;
        else {
          lit += '\\';
          this.pos++;
        }
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBacktick();
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush();
    return { parts };
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
        return { type: 'arith', expr: parseExpandableText(text, false) };
      }
    }
    if (n === '(') {
      const sub = new Parser(s, this.pos + 2);
      sub.line = this.line;
      const script = sub.parseList(new Set());
      sub.expectOp(')');
      this.pos = sub.pos;
      this.line = sub.line;
      return { type: 'cmdsub', script };
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
    return { type: 'cmdsub', script: parse(inner) };
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
    const s = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'lit', text: lit });
      lit = '';
    };
    for (;;) {
      if (this.pos >= s.length) throw new ShellSyntaxError('bad substitution');
      const c = s[this.pos];
      if (stops.includes(c)) break;
      if (c === '\\') {
        flush();
        parts.push({ type: 'esc', text: s[this.pos + 1] ?? '' });
        this.pos += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        flush();
        parts.push({ type: 'sq', text: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ type: 'dq', parts: this.readDouble() });
      } else if (c === '$' || c === '`') {
        const part = this.readDollarOrBacktick();
        if (part) {
          flush();
          parts.push(part);
        } else {
          lit += c;
          this.pos++;
        }
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush();
    return { parts };
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

function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.type !== 'lit') return undefined;
  const eq = first.text.indexOf('=');
  if (eq <= 0 || !NAME.test(first.text.slice(0, eq))) return undefined;
  const rest = first.text.slice(eq + 1);
  const value: WordPart[] = rest ? [{ type: 'lit', text: rest }, ...word.parts.slice(1)] : word.parts.slice(1);
  return { name: first.text.slice(0, eq), value: { parts: value } };
}
