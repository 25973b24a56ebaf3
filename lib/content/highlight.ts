/**
 * A small build-time highlighter for the languages lessons use (yaml, bash/sh, json).
 * It returns tokens, not HTML, so React escapes the text. Unknown languages come back as
 * one plain token. Deliberately tiny: lessons need readable code, not a full grammar.
 */
export type TokenKind = 'plain' | 'comment' | 'key' | 'string' | 'number' | 'keyword' | 'punct' | 'command' | 'flag' | 'variable';
export interface Token {
  kind: TokenKind;
  text: string;
}

const YAML_LINE = /^(\s*-\s+|\s*)([A-Za-z0-9_.\/"'$-]+)(:)(\s|$)/;

function yamlLine(line: string): Token[] {
  const out: Token[] = [];
  const commentAt = findComment(line);
  const code = commentAt >= 0 ? line.slice(0, commentAt) : line;
  const m = YAML_LINE.exec(code);
  let rest = code;
  if (m) {
    out.push({ kind: 'plain', text: m[1] }, { kind: 'key', text: m[2] }, { kind: 'punct', text: m[3] });
    rest = code.slice(m[1].length + m[2].length + 1);
  }
  if (rest) out.push(...valueTokens(rest));
  if (commentAt >= 0) out.push({ kind: 'comment', text: line.slice(commentAt) });
  return out;
}

function valueTokens(text: string): Token[] {
  const trimmed = text.trim();
  if (/^(['"]).*\1$/.test(trimmed)) return [{ kind: 'string', text }];
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return [{ kind: 'number', text }];
  if (/^(true|false|null|~)$/.test(trimmed)) return [{ kind: 'keyword', text }];
  if (trimmed === '---' || trimmed === '|' || trimmed === '>') return [{ kind: 'punct', text }];
  return [{ kind: 'plain', text }];
}

/** Index of a `#` that starts a comment (not inside quotes, preceded by space or at start). */
function findComment(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return i;
  }
  return -1;
}

const BASH_WORD = /(\s+|"[^"]*"|'[^']*'|\$\(\(|\$\(|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|--?[A-Za-z][\w-]*(=\S*)?|[|&;<>]+|[^\s|&;<>"']+)/g;
const BASH_KEYWORDS = new Set(['for', 'in', 'do', 'done', 'while', 'until', 'if', 'then', 'else', 'fi', 'case', 'esac', 'EOF']);

function bashLine(line: string): Token[] {
  const commentAt = findComment(line);
  const code = commentAt >= 0 ? line.slice(0, commentAt) : line;
  const out: Token[] = [];
  let expectCommand = true;
  for (const m of code.matchAll(BASH_WORD)) {
    const w = m[0];
    let kind: TokenKind = 'plain';
    if (/^\s+$/.test(w)) kind = 'plain';
    else if (/^["']/.test(w)) kind = 'string';
    else if (w.startsWith('$')) kind = 'variable';
    else if (/^--?[A-Za-z]/.test(w)) kind = 'flag';
    else if (/^[|&;<>]+$/.test(w)) kind = 'punct';
    else if (BASH_KEYWORDS.has(w)) kind = 'keyword';
    else if (expectCommand) kind = 'command';
    if (!/^\s+$/.test(w)) expectCommand = kind === 'punct' || kind === 'keyword';
    out.push({ kind, text: w });
  }
  if (commentAt >= 0) out.push({ kind: 'comment', text: line.slice(commentAt) });
  return out;
}

function jsonLine(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?)|(true|false|null)|(\s+)|([^\s"]+)/g)) {
    if (m[1]) {
      out.push({ kind: m[2] ? 'key' : 'string', text: m[1] });
      if (m[2]) out.push({ kind: 'punct', text: m[2] });
    } else if (m[3]) out.push({ kind: 'number', text: m[3] });
    else if (m[4]) out.push({ kind: 'keyword', text: m[4] });
    else out.push({ kind: 'plain', text: m[0] });
  }
  return out;
}

export function highlight(code: string, language: string | undefined): Token[][] {
  const lines = code.replace(/\n$/, '').split('\n');
  const lang = (language ?? '').toLowerCase();
  const fn = lang === 'yaml' || lang === 'yml' ? yamlLine : lang === 'bash' || lang === 'sh' || lang === 'shell' ? bashLine : lang === 'json' ? jsonLine : null;
  return lines.map((line) => (fn ? fn(line) : [{ kind: 'plain', text: line }]));
}
