/**
 * A recursive-descent parser for POSIX sh (the grammar of the POSIX Shell Command Language,
 * section 2.10, restricted to what busybox ash scripts in pods use). Tokens and words come from
 * lexer.ts; words nest whole scripts (`$(...)` is parsed by a sub-parser from the same position,
 * which is how quotes and `)` inside a command substitution are handled correctly), so the
 * parser hands the lexer a ScriptReader that starts one.
 */
import type { AndOr, Assignment, Command, ListItem, Pipeline, Redir, RedirOp, Script, SimpleCommand, Word, WordPart } from './ast';
import { describeToken as describe, Lexer, literalText, type ScriptReader, type Token } from './lexer';
import { ShellSyntaxError } from './syntax-error';

export { ShellSyntaxError } from './syntax-error';

const REDIR_OPS = new Set(['>', '>>', '<', '>&', '<&', '<<', '<<-', '<>', '>|', '&>']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parse(src: string): Script {
  const p = new Parser(src, 0);
  const script = p.parseList(new Set());
  const t = p.peek();
  if (t.kind !== 'eof') throw new ShellSyntaxError(`unexpected ${describe(t)}`);
  return script;
}

/** How the lexer reads the scripts inside words: a sub-parser from the same position. */
const scriptReader: ScriptReader = {
  substitution(src, pos, line) {
    const sub = new Parser(src, pos);
    sub.lex.line = line;
    const script = sub.parseList(new Set());
    sub.expectOp(')');
    return { script, pos: sub.lex.pos, line: sub.lex.line };
  },
  script: (text) => parse(text),
};

class Parser {
  readonly lex: Lexer;

  constructor(src: string, start: number) {
    this.lex = new Lexer(src, start, scriptReader);
  }

  peek(): Token {
    return this.lex.peek();
  }

  private take(): Token {
    return this.lex.take();
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
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirs: [], line: this.lex.line };
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
      this.lex.pending.push({ redir, delimiter: literalText(target.word), quoted, stripTabs: op === '<<-' });
    }
    return redir;
  }

  private expectWord(w: string): void {
    const t = this.take();
    if (t.kind === 'word' && t.raw === w && t.plain) return;
    throw new ShellSyntaxError(t.kind === 'eof' ? `unexpected end of file (expecting "${w}")` : `unexpected ${describe(t)} (expecting "${w}")`);
  }

  expectOp(op: string): void {
    const t = this.take();
    if (t.kind === 'op' && t.op === op) return;
    throw new ShellSyntaxError(t.kind === 'eof' ? `unexpected end of file (expecting "${op}")` : `unexpected ${describe(t)} (expecting "${op}")`);
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.take();
  }
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
