/**
 * A small Go text/template engine with the Helm functions our chart uses, so the chart in
 * deploy/helm/kubelab renders here without a `helm` binary (none is packaged for Debian bookworm,
 * and nothing may be downloaded). It follows text/template's rules for the subset it covers:
 *
 *   actions      {{ pipeline }}, {{- trim -}} markers, {{/* comments * /}}
 *   control      if / else if / else, with / else, range (lists, maps in key order, ints;
 *                `$i, $v :=` and `$v :=`) / else, define, template, block-free `end`
 *   pipelines    commands joined by `|` (the previous result is the last argument), parentheses,
 *                fields (.Values.a.b, $.Chart.Name, $var.field, (call).field), variables
 *                (`$x := ...`, `$x = ...`, `$` is the root data), string/raw/number/bool/nil literals
 *   truth        false, 0, nil and empty strings, lists and maps are false (text/template's isTrue)
 *   functions    text/template's and, or (returning the deciding operand), not, eq, ne, lt, le,
 *                gt, ge, len, index, print, printf (%s %d %v %q %%); Helm/sprig's include,
 *                toYaml, indent, nindent, quote, squote, default, required, fail, empty, trunc,
 *                trimSuffix, trimPrefix, trim, lower, upper, replace, toString, int, b64enc,
 *                sha256sum, hasKey, list, dict, ternary, contains, urlParse
 *
 * Helm's behaviours kept: a missing map key is nil and prints as "" (Helm's missingkey=zero plus
 * its "<no value>" removal); a field of nil is an error ("nil pointer evaluating"), as in Go.
 * Not covered (an error names them): other functions, `break`/`continue`, `block`, method calls,
 * complex numbers, and printf verbs beyond those above. Numbers print as JavaScript prints them,
 * which matches Go's %v for integers below 1e21 but not for floats Go would print as 1e+06.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';

export class TemplateError extends Error {
  constructor(readonly template: string, readonly line: number, detail: string) {
    super(`template ${template}:${line}: ${detail}`);
    this.name = 'TemplateError';
  }
}

/** `fail` and `required`: the chart refuses its values (helm prints the same message). */
export class TemplateFailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFailError';
  }
}

type Value = unknown;

// ---- lexing: text and actions -------------------------------------------------------------

interface RawToken {
  kind: 'text' | 'action';
  text: string;
  line: number;
}

function split(src: string, name: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ kind: 'text', text: src.slice(i), line });
      break;
    }
    let text = src.slice(i, open);
    const trimLeft = src.startsWith('{{- ', open) || src.startsWith('{{-\n', open) || src.startsWith('{{-\t', open);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    out.push({ kind: 'text', text, line });
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    let body = open + (trimLeft ? 3 : 2);
    // Find the closing }} outside string literals and comments.
    let j = body;
    let close = -1;
    while (j < src.length) {
      const c = src[j];
      if (src.startsWith('/*', j)) {
        const end = src.indexOf('*/', j + 2);
        if (end < 0) throw new TemplateError(name, line, 'unclosed comment');
        j = end + 2;
        continue;
      }
      if (c === '"' || c === '`' || c === "'") {
        const q = c;
        j++;
        while (j < src.length && src[j] !== q) j += src[j] === '\\' && q !== '`' ? 2 : 1;
        j++;
        continue;
      }
      if (src.startsWith('}}', j)) {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) throw new TemplateError(name, line, 'unclosed action');
    const trimRight = /[ \t\r\n]-$/.test(src.slice(body, close));
    const inner = src.slice(body, trimRight ? close - 1 : close);
    out.push({ kind: 'action', text: inner.trim(), line });
    line += (src.slice(open, close).match(/\n/g) ?? []).length;
    i = close + 2;
    if (trimRight) {
      const m = /^[ \t\r\n]*/.exec(src.slice(i))!;
      line += (m[0].match(/\n/g) ?? []).length;
      i += m[0].length;
    }
    body = 0;
  }
  return out;
}

// ---- lexing inside an action ----------------------------------------------------------------

type Tok =
  | { t: 'field'; v: string[] } // .a.b  (empty list: the dot)
  | { t: 'var'; v: string; fields: string[] } // $x.a
  | { t: 'ident'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'nil' }
  | { t: 'pipe' }
  | { t: 'lparen' }
  | { t: 'rparen'; fields: string[] }
  | { t: 'declare' }
  | { t: 'assign' }
  | { t: 'comma' };

function unquote(lit: string, fail: (d: string) => never): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  try {
    return JSON.parse(lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string;
  } catch {
    return fail(`bad string literal ${lit}`);
  }
}

function lexAction(src: string, fail: (d: string) => never): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const fieldsAt = (): string[] => {
    const fields: string[] = [];
    while (src[i] === '.' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i))!;
      fields.push(m[1]);
      i += m[0].length;
    }
    return fields;
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i);
      i = end + 2;
      continue;
    }
    if (c === '|') {
      out.push({ t: 'pipe' });
      i++;
    } else if (c === '(') {
      out.push({ t: 'lparen' });
      i++;
    } else if (c === ')') {
      i++;
      out.push({ t: 'rparen', fields: fieldsAt() });
    } else if (c === ',') {
      out.push({ t: 'comma' });
      i++;
    } else if (src.startsWith(':=', i)) {
      out.push({ t: 'declare' });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'assign' });
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' && c === '"' ? 2 : 1;
      if (j >= src.length) fail('unterminated string');
      out.push({ t: 'string', v: unquote(src.slice(i, j + 1), fail) });
      i = j + 1;
    } else if (c === '.') {
      if (/[A-Za-z_]/.test(src[i + 1] ?? '')) out.push({ t: 'field', v: fieldsAt() });
      else {
        out.push({ t: 'field', v: [] });
        i++;
      }
    } else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(src.slice(i))!;
      i += m[0].length;
      out.push({ t: 'var', v: m[0], fields: fieldsAt() });
    } else if (/[-+0-9]/.test(c)) {
      const m = /^[-+]?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(src.slice(i));
      if (!m) fail(`unexpected "${c}"`);
      out.push({ t: 'number', v: Number(m![0]) });
      i += m![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      i += m[0].length;
      if (m[0] === 'true' || m[0] === 'false') out.push({ t: 'bool', v: m[0] === 'true' });
      else if (m[0] === 'nil') out.push({ t: 'nil' });
      else out.push({ t: 'ident', v: m[0] });
    } else fail(`unexpected "${c}" in action`);
  }
  return out;
}

// ---- parsing ------------------------------------------------------------------------------

type Arg =
  | { k: 'field'; path: string[] }
  | { k: 'var'; name: string; path: string[] }
  | { k: 'lit'; v: Value }
  | { k: 'pipe'; pipe: Pipeline; path: string[] }
  | { k: 'fn'; name: string };

interface Command {
  args: Arg[];
}

interface Pipeline {
  decl?: { names: string[]; assign: boolean };
  cmds: Command[];
}

type Node =
  | { n: 'text'; text: string }
  | { n: 'action'; pipe: Pipeline; line: number }
  | { n: 'if' | 'with'; pipe: Pipeline; body: Node[]; orElse: Node[]; line: number }
  | { n: 'range'; pipe: Pipeline; body: Node[]; orElse: Node[]; line: number }
  | { n: 'template'; name: string; pipe?: Pipeline; line: number };

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: RawToken[],
    private readonly name: string,
    private readonly defines: Map<string, Node[]>,
  ) {}

  fail(line: number, d: string): never {
    throw new TemplateError(this.name, line, d);
  }

  /** Parses until one of the stop keywords; returns the nodes and the stopping action's text. */
  list(stops: string[]): { nodes: Node[]; stop?: string; line: number } {
    const nodes: Node[] = [];
    while (this.pos < this.tokens.length) {
      const tok = this.tokens[this.pos++];
      if (tok.kind === 'text') {
        if (tok.text) nodes.push({ n: 'text', text: tok.text });
        continue;
      }
      const text = tok.text;
      if (text === '' || /^\/\*[\s\S]*\*\/$/.test(text)) continue;
      const word = /^[a-z]+/.exec(text)?.[0] ?? '';
      if (stops.includes(word) && (word === 'end' || word === 'else')) return { nodes, stop: text, line: tok.line };
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(this.control(word, text.slice(word.length), tok.line));
      } else if (word === 'define') {
        const m = /^define\s+("(?:[^"\\]|\\.)*"|`[^`]*`)$/.exec(text);
        if (!m) this.fail(tok.line, `bad define: ${text}`);
        const body = this.list(['end']);
        if (body.stop !== 'end') this.fail(tok.line, 'define without end');
        this.defines.set(unquote(m![1], (d) => this.fail(tok.line, d)), body.nodes);
      } else if (word === 'template') {
        const m = /^template\s+("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(.*)$/.exec(text);
        if (!m) this.fail(tok.line, `bad template: ${text}`);
        nodes.push({ n: 'template', name: unquote(m![1], (d) => this.fail(tok.line, d)), pipe: m![2] ? this.pipeline(m![2], tok.line) : undefined, line: tok.line });
      } else if (['end', 'else', 'block', 'break', 'continue'].includes(word)) {
        this.fail(tok.line, `unexpected {{${word}}}${word === 'block' || word === 'break' || word === 'continue' ? ' (not supported by this renderer)' : ''}`);
      } else {
        nodes.push({ n: 'action', pipe: this.pipeline(text, tok.line), line: tok.line });
      }
    }
    return { nodes, line: 0 };
  }

  private control(kind: 'if' | 'with' | 'range', rest: string, line: number): Node {
    const pipe = this.pipeline(rest, line);
    const body = this.list(['end', 'else']);
    if (!body.stop) this.fail(line, `${kind} without end`);
    let orElse: Node[] = [];
    if (body.stop !== 'end') {
      const elseRest = body.stop!.slice(4).trim();
      if (elseRest.startsWith('if ') || elseRest.startsWith('with ')) {
        // `else if x` is `else` + a nested if that shares this if's end.
        const word = elseRest.startsWith('if ') ? 'if' : 'with';
        orElse = [this.control(word, elseRest.slice(word.length), body.line)];
      } else {
        if (elseRest !== '') this.fail(body.line, `bad else: ${body.stop}`);
        const e = this.list(['end']);
        if (e.stop !== 'end') this.fail(line, `${kind} without end`);
        orElse = e.nodes;
      }
    }
    return kind === 'range' ? { n: 'range', pipe, body: body.nodes, orElse, line } : { n: kind, pipe, body: body.nodes, orElse, line };
  }

  pipeline(src: string, line: number): Pipeline {
    const toks = lexAction(src, (d) => this.fail(line, d));
    let i = 0;
    let decl: Pipeline['decl'];
    // `$x := ...`, `$i, $v := ...`, `$x = ...`
    const declEnd = toks.findIndex((t) => t.t === 'declare' || t.t === 'assign');
    if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.t === 'var' || t.t === 'comma')) {
      decl = { names: toks.slice(0, declEnd).filter((t) => t.t === 'var').map((t) => (t as { v: string }).v), assign: toks[declEnd].t === 'assign' };
      i = declEnd + 1;
    }
    const parseCmds = (until: 'rparen' | 'end'): { cmds: Command[]; fields: string[] } => {
      const cmds: Command[] = [{ args: [] }];
      while (i < toks.length) {
        const t = toks[i++];
        const cmd = cmds[cmds.length - 1];
        if (t.t === 'pipe') {
          if (cmd.args.length === 0) this.fail(line, 'missing command before |');
          cmds.push({ args: [] });
        } else if (t.t === 'rparen') {
          if (until !== 'rparen') this.fail(line, 'unexpected )');
          return { cmds, fields: t.fields };
        } else if (t.t === 'lparen') {
          const inner = parseCmds('rparen');
          cmd.args.push({ k: 'pipe', pipe: { cmds: inner.cmds }, path: inner.fields });
        } else if (t.t === 'field') cmd.args.push({ k: 'field', path: t.v });
        else if (t.t === 'var') cmd.args.push({ k: 'var', name: t.v, path: t.fields });
        else if (t.t === 'string' || t.t === 'number' || t.t === 'bool') cmd.args.push({ k: 'lit', v: t.v });
        else if (t.t === 'nil') cmd.args.push({ k: 'lit', v: null });
        else if (t.t === 'ident') cmd.args.push({ k: 'fn', name: t.v });
        else this.fail(line, `unexpected ${t.t}`);
      }
      if (until === 'rparen') this.fail(line, 'unclosed (');
      return { cmds, fields: [] };
    };
    const { cmds } = parseCmds('end');
    if (cmds.some((c) => c.args.length === 0)) this.fail(line, 'missing value for command');
    return { decl, cmds };
  }
}

// ---- evaluation -----------------------------------------------------------------------------

/** text/template's isTrue. */
export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** How {{ x }} prints a value (fmt's %v for the types YAML values have). */
export function printValue(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${goString((v as Record<string, Value>)[k])}`).join(' ')}]`;
  return String(v);
}

function goString(v: Value): string {
  return v === null || v === undefined ? '<nil>' : printValue(v);
}

/** fmt's %q for a string (Go escapes match JSON's for the printable ASCII and common controls). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1').replace(/\\u007f/g, '\\x7f');
}

/** Helm's toYaml: sigs.k8s.io/yaml output (sorted keys, 2-space indent, lists not indented), trailing newline removed. */
export function toYaml(v: Value): string {
  if (v === null || v === undefined) return 'null';
  return YAML.stringify(v, { sortMapEntries: true, indent: 2, indentSeq: false, lineWidth: 0 }).replace(/\n$/, '');
}

function goPrintf(format: string, args: Value[], fail: (d: string) => never): string {
  let n = 0;
  return format.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdvqtf%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[n++];
    if (verb === 's' || verb === 'v') return a === undefined ? '%!' + verb + '(MISSING)' : goString(a);
    if (verb === 'd') return typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${goString(a)})`;
    if (verb === 'q') return goQuote(printValue(a));
    if (verb === 't') return String(Boolean(a));
    if (verb === 'f') return typeof a === 'number' ? a.toFixed(6) : fail(`printf %f of ${goString(a)}`);
    return fail(`printf verb %${verb} not supported`);
  });
}

function compare(a: Value, b: Value, fail: (d: string) => never): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail(`incompatible types for comparison: ${goString(a)} and ${goString(b)}`);
}

interface Scope {
  vars: Map<string, Value>[];
}

export interface RenderContext {
  /** Named templates from every file (define), shared as Helm shares them across a chart. */
  defines: Map<string, Node[]>;
}

class Evaluator {
  constructor(
    private readonly name: string,
    private readonly ctx: RenderContext,
    private readonly root: Value,
  ) {}

  fail(line: number, d: string): never {
    throw new TemplateError(this.name, line, d);
  }

  run(nodes: Node[], dot: Value, scope: Scope, out: string[]): void {
    for (const node of nodes) {
      switch (node.n) {
        case 'text':
          out.push(node.text);
          break;
        case 'action': {
          const v = this.pipeline(node.pipe, dot, scope, node.line);
          if (!node.pipe.decl) out.push(printValue(v));
          break;
        }
        case 'if':
        case 'with': {
          const inner: Scope = { vars: [...scope.vars, new Map()] };
          const v = this.pipeline(node.pipe, dot, inner, node.line);
          if (truthy(v)) this.run(node.body, node.n === 'with' ? v : dot, inner, out);
          else this.run(node.orElse, dot, inner, out);
          break;
        }
        case 'range': {
          const inner: Scope = { vars: [...scope.vars, new Map()] };
          const names = node.pipe.decl?.names ?? [];
          const v = this.pipeline({ cmds: node.pipe.cmds }, dot, inner, node.line);
          let entries: [Value, Value][];
          if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
          else if (v && typeof v === 'object') entries = Object.keys(v).sort().map((k) => [k, (v as Record<string, Value>)[k]]);
          else if (typeof v === 'number' && Number.isInteger(v)) entries = Array.from({ length: Math.max(0, v) }, (_x, i) => [i, i]);
          else if (v === null || v === undefined) entries = [];
          else return this.fail(node.line, `range can't iterate over ${goString(v)}`);
          if (entries.length === 0) {
            this.run(node.orElse, dot, inner, out);
            break;
          }
          for (const [k, x] of entries) {
            const iter: Scope = { vars: [...inner.vars, new Map()] };
            const frame = iter.vars[iter.vars.length - 1];
            if (names.length === 1) frame.set(names[0], x);
            if (names.length === 2) {
              frame.set(names[0], k);
              frame.set(names[1], x);
            }
            this.run(node.body, x, iter, out);
          }
          break;
        }
        case 'template': {
          const body = this.ctx.defines.get(node.name);
          if (!body) this.fail(node.line, `no such template "${node.name}"`);
          const data = node.pipe ? this.pipeline(node.pipe, dot, scope, node.line) : null;
          new Evaluator(node.name, this.ctx, data).run(body!, data, { vars: [new Map([['$', data]])] }, out);
          break;
        }
      }
    }
  }

  private lookupVar(name: string, scope: Scope, line: number): Value {
    for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i].has(name)) return scope.vars[i].get(name);
    if (name === '$') return this.root;
    return this.fail(line, `undefined variable "${name}"`);
  }

  private field(base: Value, path: string[], line: number, shown: string): Value {
    let v = base;
    let at = shown;
    for (const f of path) {
      if (v === null || v === undefined) this.fail(line, `nil pointer evaluating interface {}.${f} (at ${at})`);
      if (typeof v !== 'object' || Array.isArray(v)) this.fail(line, `can't evaluate field ${f} in type ${Array.isArray(v) ? 'slice' : typeof v} (at ${at})`);
      v = (v as Record<string, Value>)[f];
      at += `.${f}`;
      // Helm's missingkey=zero: an absent key is nil.
      if (v === undefined) v = null;
    }
    return v;
  }

  pipeline(p: Pipeline, dot: Value, scope: Scope, line: number): Value {
    let prev: Value | undefined;
    let hasPrev = false;
    for (const cmd of p.cmds) {
      prev = this.command(cmd, dot, scope, line, hasPrev ? [prev] : []);
      hasPrev = true;
    }
    if (p.decl) {
      const frame = scope.vars[scope.vars.length - 1];
      for (const name of p.decl.names) {
        if (p.decl.assign) {
          const owner = [...scope.vars].reverse().find((f) => f.has(name));
          if (!owner) this.fail(line, `undefined variable "${name}"`);
          owner!.set(name, prev);
        } else frame.set(name, prev);
      }
    }
    return prev;
  }

  private arg(a: Arg, dot: Value, scope: Scope, line: number): Value {
    switch (a.k) {
      case 'lit':
        return a.v;
      case 'field':
        return this.field(dot, a.path, line, '.');
      case 'var':
        return this.field(this.lookupVar(a.name, scope, line), a.path, line, a.name);
      case 'pipe':
        return this.field(this.pipeline(a.pipe, dot, scope, line), a.path, line, '(...)');
      case 'fn':
        return this.call(a.name, [], dot, scope, line);
    }
  }

  private command(cmd: Command, dot: Value, scope: Scope, line: number, piped: Value[]): Value {
    const [head, ...rest] = cmd.args;
    if (head.k !== 'fn') {
      if (rest.length > 0 || piped.length > 0) this.fail(line, `can't give arguments to a non-function value`);
      return this.arg(head, dot, scope, line);
    }
    // and/or evaluate lazily, as text/template does since Go 1.18.
    if (head.name === 'and' || head.name === 'or') {
      const thunks = [...rest.map((a) => () => this.arg(a, dot, scope, line)), ...piped.map((v) => () => v)];
      if (thunks.length === 0) this.fail(line, `wrong number of args for ${head.name}`);
      let v: Value = null;
      for (const t of thunks) {
        v = t();
        if (head.name === 'and' ? !truthy(v) : truthy(v)) return v;
      }
      return v;
    }
    return this.call(head.name, [...rest.map((a) => this.arg(a, dot, scope, line)), ...piped], dot, scope, line);
  }

  private call(name: string, args: Value[], _dot: Value, _scope: Scope, line: number): Value {
    const fail = (d: string): never => this.fail(line, d);
    const str = (v: Value) => printValue(v);
    const arity = (n: number) => {
      if (args.length !== n) fail(`wrong number of args for ${name}: want ${n} got ${args.length}`);
    };
    switch (name) {
      case 'not':
        arity(1);
        return !truthy(args[0]);
      case 'eq':
        if (args.length < 2) fail('wrong number of args for eq');
        return args.slice(1).some((b) => b === args[0] || (args[0] == null && b == null));
      case 'ne':
        arity(2);
        return args[0] !== args[1];
      case 'lt':
        arity(2);
        return compare(args[0], args[1], fail) < 0;
      case 'le':
        arity(2);
        return compare(args[0], args[1], fail) <= 0;
      case 'gt':
        arity(2);
        return compare(args[0], args[1], fail) > 0;
      case 'ge':
        arity(2);
        return compare(args[0], args[1], fail) >= 0;
      case 'len': {
        arity(1);
        const v = args[0];
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (v && typeof v === 'object') return Object.keys(v).length;
        return fail(`len of ${goString(v)}`);
      }
      case 'index': {
        let v = args[0];
        for (const k of args.slice(1)) {
          if (v === null || v === undefined) fail('index of untyped nil');
          v = (v as Record<string, Value>)[k as string];
          if (v === undefined) v = null;
        }
        return v;
      }
      case 'print':
        return args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + goString(a)).join('');
      case 'printf':
        return goPrintf(str(args[0]), args.slice(1), fail);
      case 'include': {
        if (args.length !== 2) fail(`wrong number of args for include: want 2 got ${args.length}`);
        const body = this.ctx.defines.get(str(args[0]));
        if (!body) fail(`include: no template "${str(args[0])}"`);
        const out: string[] = [];
        new Evaluator(str(args[0]), this.ctx, args[1]).run(body!, args[1], { vars: [new Map([['$', args[1]]])] }, out);
        return out.join('');
      }
      case 'toYaml':
        arity(1);
        return toYaml(args[0]);
      case 'indent':
      case 'nindent': {
        arity(2);
        const pad = ' '.repeat(Number(args[0]));
        const s = pad + str(args[1]).replace(/\n/g, `\n${pad}`);
        return name === 'nindent' ? `\n${s}` : s;
      }
      case 'quote':
        return args.filter((a) => a !== null && a !== undefined).map((a) => goQuote(str(a))).join(' ');
      case 'squote':
        return args.filter((a) => a !== null && a !== undefined).map((a) => `'${str(a)}'`).join(' ');
      case 'default':
        if (args.length !== 2) fail(`wrong number of args for default: want 2 got ${args.length}`);
        return truthy(args[1]) ? args[1] : args[0];
      case 'empty':
        arity(1);
        return !truthy(args[0]);
      case 'required':
        arity(2);
        if (args[1] === null || args[1] === undefined || args[1] === '') throw new TemplateFailError(str(args[0]));
        return args[1];
      case 'fail':
        arity(1);
        throw new TemplateFailError(str(args[0]));
      case 'trunc': {
        arity(2);
        const n = Number(args[0]);
        const s = str(args[1]);
        if (n < 0) return s.length + n < 0 ? s : s.slice(s.length + n);
        return s.length > n ? s.slice(0, n) : s;
      }
      case 'trimSuffix':
        arity(2);
        return str(args[1]).endsWith(str(args[0])) ? str(args[1]).slice(0, str(args[1]).length - str(args[0]).length) : str(args[1]);
      case 'trimPrefix':
        arity(2);
        return str(args[1]).startsWith(str(args[0])) ? str(args[1]).slice(str(args[0]).length) : str(args[1]);
      case 'trim':
        arity(1);
        return str(args[0]).trim();
      case 'lower':
        arity(1);
        return str(args[0]).toLowerCase();
      case 'upper':
        arity(1);
        return str(args[0]).toUpperCase();
      case 'replace':
        arity(3);
        return str(args[2]).split(str(args[0])).join(str(args[1]));
      case 'contains':
        arity(2);
        return str(args[1]).includes(str(args[0]));
      case 'toString':
        arity(1);
        return str(args[0]);
      case 'int': {
        arity(1);
        const n = typeof args[0] === 'number' ? args[0] : Number.parseInt(str(args[0]), 10);
        return Number.isNaN(n) ? 0 : Math.trunc(n);
      }
      case 'b64enc':
        arity(1);
        return Buffer.from(str(args[0])).toString('base64');
      case 'sha256sum':
        arity(1);
        return createHash('sha256').update(str(args[0])).digest('hex');
      case 'hasKey':
        arity(2);
        return !!args[0] && typeof args[0] === 'object' && Object.prototype.hasOwnProperty.call(args[0], str(args[1]));
      case 'list':
        return [...args];
      case 'dict': {
        if (args.length % 2 !== 0) fail('dict needs key/value pairs');
        const d: Record<string, Value> = {};
        for (let i = 0; i < args.length; i += 2) d[str(args[i])] = args[i + 1];
        return d;
      }
      case 'urlParse': {
        arity(1);
        let u: URL;
        try {
          u = new URL(str(args[0]));
        } catch {
          return fail(`urlParse: not a URL: ${str(args[0])}`);
        }
        // sprig's keys; host keeps the port, hostname does not.
        return { scheme: u.protocol.replace(/:$/, ''), host: u.host, hostname: u.hostname, path: u.pathname === '/' && !/^[a-z]+:\/\/[^/]+\//i.test(str(args[0])) ? '' : u.pathname, query: u.search.replace(/^\?/, ''), fragment: u.hash.replace(/^#/, ''), opaque: '', userinfo: u.username ? `${u.username}${u.password ? `:${u.password}` : ''}` : '' };
      }
      case 'ternary':
        arity(3);
        return truthy(args[2]) ? args[0] : args[1];
      default:
        return fail(`function "${name}" not defined (not supported by this renderer)`);
    }
  }
}

/** Parses a template file, adding its defines to ctx; returns its top-level nodes. */
export function parseTemplate(name: string, src: string, ctx: RenderContext): Node[] {
  const parser = new Parser(split(src, name), name, ctx.defines);
  const result = parser.list([]);
  if (result.stop) parser.fail(result.line, `unexpected {{${result.stop}}}`);
  return result.nodes;
}

/** Runs parsed nodes with `data` as the dot and `$`. */
export function execute(name: string, nodes: Node[], data: Value, ctx: RenderContext): string {
  const out: string[] = [];
  new Evaluator(name, ctx, data).run(nodes, data, { vars: [new Map([['$', data]])] }, out);
  return out.join('');
}

/** Parses and runs one template on its own (its defines visible to itself only). */
export function renderTemplate(src: string, data: Value, name = 'template'): string {
  const ctx: RenderContext = { defines: new Map() };
  return execute(name, parseTemplate(name, src, ctx), data, ctx);
}
