/**
 * Bounds on YAML and JSON text, checked in one linear pass BEFORE a document is composed.
 *
 * The yaml package composes nodes recursively: `'- '.repeat(20000)` overflowed the stack, and
 * in the portal the overflow landed inside V8's RegExp compiler, which does not throw a
 * RangeError but aborts the process (`FATAL ERROR: RegExpCompiler Allocation failed`). So depth
 * must be known before composing. The scan reads the tokens of the yaml package's own Lexer
 * (an iterative state machine), so it agrees with the parser about what is quoted, commented
 * or a block scalar, and measures:
 * - flow depth: `[` and `{` tokens still open;
 * - block depth: the indentation columns of the block collections still open, plus the ones a
 *   line opens inline (`- - - a`, `- key: value`, `? key`);
 * - aliases (`*a`: billion laughs; the yaml package's maxAliasCount guards their expansion),
 *   anchors and documents.
 * JSON gets the same depth bound (V8's JSON.parse is iterative, but what runs after it, from
 * structuredClone to managedFields and our own walkers, recurses).
 *
 * Refusals are worded as the API server's decoders word theirs (go-yaml:
 * `yaml: line 3: exceeded max depth of 10000`; here the limit is 100), with the line and, for a
 * multi-document text, the document.
 */
import { Lexer } from 'yaml';

/** Enough for any real manifest (a Deployment's deepest field is about 15 levels down). */
export const MAX_NESTING_DEPTH = 100;
/** Aliases (`*name`) in one text; real manifests use a handful, if any. */
export const MAX_ALIASES = 1000;
/** `---` separated documents in one text. */
export const MAX_YAML_DOCUMENTS = 1000;
/**
 * Lexer tokens (keys, values, indicators) in one text. Composing costs about 10 µs per token
 * and runs in the portal's one thread, so a 3 MiB text of small flow collections would take
 * over ten seconds; 100,000 tokens is a 20,000-line manifest, about a second of parsing.
 */
export const MAX_YAML_TOKENS = 100_000;

export interface TextLimits {
  maxBytes: number;
  maxDepth?: number;
  maxAliases?: number;
  maxDocuments?: number;
  maxTokens?: number;
}

/** A text refused before parsing; `line` and `document` (1-based) say where, when known. */
export class TextBoundsError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly document?: number,
  ) {
    super(message);
    this.name = 'TextBoundsError';
  }
}

export class TextTooLargeError extends TextBoundsError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the text is ${bytes} bytes; the limit is ${limit} bytes`);
    this.name = 'TextTooLargeError';
  }
}

export class NestingTooDeepError extends TextBoundsError {
  constructor(
    readonly format: 'yaml' | 'json',
    line: number,
    readonly limit: number,
    document?: number,
  ) {
    super(`${format}: line ${line}: exceeded max depth of ${limit}`, line, document);
    this.name = 'NestingTooDeepError';
  }
}

export class TooManyAliasesError extends TextBoundsError {
  constructor(line: number, readonly limit: number, document?: number) {
    super(`yaml: line ${line}: document contains excessive aliasing (more than ${limit} aliases)`, line, document);
    this.name = 'TooManyAliasesError';
  }
}

export class TooManyYamlTokensError extends TextBoundsError {
  constructor(line: number, readonly limit: number, document?: number) {
    super(`yaml: line ${line}: more than ${limit.toLocaleString('en')} tokens in one text; apply it in smaller parts`, line, document);
    this.name = 'TooManyYamlTokensError';
  }
}

export class TooManyYamlDocumentsError extends TextBoundsError {
  constructor(line: number, readonly limit: number) {
    super(`yaml: line ${line}: more than ${limit} documents in one text`, line);
    this.name = 'TooManyYamlDocumentsError';
  }
}

function checkSize(text: string, maxBytes: number): void {
  // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: skip the count when that is small.
  if (text.length * 3 <= maxBytes) return;
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) throw new TextTooLargeError(bytes, maxBytes);
}

/** Zero-width markers the Lexer yields (document, scalar, flow error end): not in the source. */
const MARKERS = new Set(['\x02', '\x1f', '\x18']);

/**
 * Throws a TextBoundsError if a YAML text (one or many documents) is too large, too deep, has
 * too many aliases or documents. Linear in the text; never composes a node.
 */
export function checkYamlBounds(text: string, limits: TextLimits): void {
  checkSize(text, limits.maxBytes);
  const maxDepth = limits.maxDepth ?? MAX_NESTING_DEPTH;
  const maxAliases = limits.maxAliases ?? MAX_ALIASES;
  const maxDocuments = limits.maxDocuments ?? MAX_YAML_DOCUMENTS;
  const maxTokens = limits.maxTokens ?? MAX_YAML_TOKENS;
  let tokens = 0;
  let line = 1;
  let column = 0;
  let document = 1;
  let aliases = 0;
  let flow = 0;
  /**
   * The block collections open: their columns (non-decreasing) and kinds. A sequence may sit at
   * its parent key's column (`containers:` then `- name: x`), so a column can hold a mapping and,
   * above it, a sequence.
   */
  const block: { col: number; kind: 'map' | 'seq' }[] = [];
  let lineStart = true;
  /** Column where the current node began (for `key:` the key's column). */
  let nodeColumn = -1;
  let scalarNext = false;
  /** Whether the text has content before its first `---` (a leading `---` starts no second document). */
  let content = false;
  const open = (col: number, kind: 'map' | 'seq') => {
    let top = block[block.length - 1];
    if (top && top.col === col && top.kind !== kind && kind === 'map') {
      // The next key of a mapping whose previous value was a compact sequence: that sequence ended.
      block.pop();
      top = block[block.length - 1];
    }
    if (top && top.col >= col && (top.col > col || top.kind === kind)) return;
    block.push({ col, kind });
    if (block.length + flow > maxDepth) throw new NestingTooDeepError('yaml', line, maxDepth, document);
  };
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) {
      scalarNext = token === '\x1f';
      continue;
    }
    const col = column;
    const startLine = line;
    if (++tokens > maxTokens) throw new TooManyYamlTokensError(startLine, maxTokens, document);
    // Position after the token (quoted and block scalars span lines).
    const lastNewline = token.lastIndexOf('\n');
    if (lastNewline >= 0) {
      for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) line++;
      column = token.length - lastNewline - 1;
    } else column += token.length;
    const wasScalar = scalarNext;
    scalarNext = false;
    const first = token[0];
    const isSpace = first === ' ' || first === '\t';
    const isNewline = token === '\n' || token === '\r\n' || token === '';
    if (isNewline || isSpace || first === '#') {
      if (isNewline) lineStart = true;
      continue;
    }
    if (token !== '---') content = true;
    if (lineStart && flow === 0) {
      // The first content of a line closes the block collections indented deeper than it.
      while (block.length && block[block.length - 1].col > col) block.pop();
    }
    if (lineStart || nodeColumn < 0) nodeColumn = col;
    lineStart = lastNewline >= 0 && column === 0;
    if (wasScalar) continue;
    switch (token) {
      case '---':
        if (col === 0 && (content || document > 1)) {
          document++;
          if (document > maxDocuments) throw new TooManyYamlDocumentsError(startLine, maxDocuments);
        }
        if (col === 0) {
          block.length = 0;
          flow = 0;
          nodeColumn = -1;
        }
        continue;
      case '[':
      case '{':
        flow++;
        if (block.length + flow > maxDepth) throw new NestingTooDeepError('yaml', startLine, maxDepth, document);
        continue;
      case ']':
      case '}':
        if (flow > 0) flow--;
        continue;
      case '-':
      case '?':
        if (flow === 0) {
          open(col, token === '-' ? 'seq' : 'map');
          nodeColumn = -1;
        }
        continue;
      case ':':
        if (flow === 0) {
          open(nodeColumn < 0 ? col : Math.min(nodeColumn, col), 'map');
          nodeColumn = -1;
        }
        continue;
    }
    if (first === '*') {
      aliases++;
      if (aliases > maxAliases) throw new TooManyAliasesError(startLine, maxAliases, document);
    }
  }
}

/**
 * Throws a TextBoundsError if a JSON text is too large or nested deeper than the limit
 * (brackets outside strings). Linear; the text need not be valid JSON (JSON.parse judges that).
 */
export function checkJsonBounds(text: string, limits: TextLimits): void {
  checkSize(text, limits.maxBytes);
  const maxDepth = limits.maxDepth ?? MAX_NESTING_DEPTH;
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > maxDepth) throw new NestingTooDeepError('json', line, maxDepth);
    } else if ((ch === 125 || ch === 93) && depth > 0) depth--;
  }
}

/** Depth of a decoded value (objects and arrays), measured without recursion; stops past `limit`. */
export function valueDepth(value: unknown, limit = MAX_NESTING_DEPTH): number {
  const stack: [unknown, number][] = [[value, 1]];
  let max = 0;
  while (stack.length) {
    const [cur, d] = stack.pop()!;
    if (cur === null || typeof cur !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(cur as object)) stack.push([child, d + 1]);
  }
  return max;
}
