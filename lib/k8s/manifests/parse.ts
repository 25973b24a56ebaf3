/**
 * Multi-document YAML as a learner types it, parsed with positions so every problem can be
 * pinned to a document and a line: YAML syntax errors, alias bombs, documents that are not
 * objects, and (through lineOf) any field path the schema or the API server complains about.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { LabError } from '../../lab/errors';
import { checkYamlBounds, MAX_NESTING_DEPTH, TextBoundsError, TextTooLargeError, valueDepth } from './bounds';

/** The API server's request body limit; the editor's documents must fit in one request. */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;
export const MAX_DOCUMENTS = 100;
/** Aliases expanded per document; the yaml package's guard against billion-laughs documents. */
const MAX_ALIAS_COUNT = 100;

export interface ManifestProblem {
  /** 1-based document index in the text. */
  document: number;
  line: number;
  column: number;
  /** The field path as the API server renders it (`spec.template.spec.restartPolicy`), if any. */
  field?: string;
  message: string;
  source: 'yaml' | 'schema' | 'rules' | 'api';
}

export interface ParsedDocument {
  /** 1-based. */
  index: number;
  /** Line of the document's first content (for messages about the whole object). */
  line: number;
  /** The decoded object, or undefined when it did not parse (see problems). */
  object?: Record<string, unknown>;
  problems: ManifestProblem[];
  /** Maps a field path to the line of the deepest node that exists in the text. */
  lineOf(path: (string | number)[]): { line: number; column: number };
}

/** A LabError, so the bench's routes answer 413 with this message rather than a 500. */
export class ManifestTooLargeError extends LabError {
  constructor(readonly bytes: number) {
    super(413, `the manifest is ${bytes} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes (3 MiB), as for the API server's request body`, 'TooLarge');
    this.name = 'ManifestTooLargeError';
  }
}

export class TooManyDocumentsError extends LabError {
  constructor(readonly count: number) {
    super(400, `the manifest has ${count} documents; at most ${MAX_DOCUMENTS} can be applied at once`, 'TooManyDocuments');
    this.name = 'TooManyDocumentsError';
  }
}

function positionOf(doc: Document, lines: LineCounter, path: (string | number)[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as { range?: [number, number, number] } | null | undefined;
    if (node?.range) {
      // A scalar value's line is its own; for a key with a nested block the key's line is nicer,
      // but the value node is what the yaml CST gives us without walking pairs.
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/**
 * A text the bounds scan refused, as one document that carries the refusal at its line: the
 * text is not composed at all, so nothing else can be said about its documents.
 */
function refusedText(err: TextBoundsError): ParsedDocument[] {
  const index = err.document ?? 1;
  const line = err.line ?? 1;
  return [{ index, line, problems: [{ document: index, line, column: 1, message: err.message, source: 'yaml' }], lineOf: () => ({ line, column: 1 }) }];
}

/**
 * Splits and decodes; never throws for bad YAML (problems carry it), only for oversize input.
 * Depth, aliases and document count are bounded before the yaml package composes anything
 * (see bounds.ts): a refused text comes back as one document whose problem says why.
 */
export function parseManifests(text: string): ParsedDocument[] {
  try {
    checkYamlBounds(text, { maxBytes: MAX_MANIFEST_BYTES, maxDocuments: MAX_DOCUMENTS });
  } catch (e) {
    if (e instanceof TextTooLargeError) throw new ManifestTooLargeError(e.bytes);
    if (e instanceof TextBoundsError) return refusedText(e);
    throw e;
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_DOCUMENTS) throw new TooManyDocumentsError(list.length);
  const out: ParsedDocument[] = [];
  list.forEach((doc, i) => {
    const index = i + 1;
    const startPos = lines.linePos((doc.contents as { range?: [number] } | null)?.range?.[0] ?? doc.range[0]);
    const parsed: ParsedDocument = { index, line: startPos.line, problems: [], lineOf: (p) => positionOf(doc, lines, p) };
    for (const err of [...doc.errors]) {
      const pos = lines.linePos(err.pos[0]);
      parsed.problems.push({ document: index, line: pos.line, column: pos.col, message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), source: 'yaml' });
    }
    if (doc.errors.length === 0) {
      try {
        const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        // Aliases can nest what the text does not (an anchor inside an anchor): measure the value too.
        if (valueDepth(value) > MAX_NESTING_DEPTH) {
          parsed.problems.push({ document: index, line: startPos.line, column: startPos.col, message: `yaml: line ${startPos.line}: exceeded max depth of ${MAX_NESTING_DEPTH}`, source: 'yaml' });
          out.push(parsed);
          return;
        }
        if (value === null || value === undefined) {
          // An empty document (a trailing `---`, or only comments) is skipped, as kubectl does.
          return;
        }
        if (typeof value !== 'object' || Array.isArray(value)) {
          parsed.problems.push({ document: index, line: startPos.line, column: startPos.col, message: `a Kubernetes object must be a mapping, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`, source: 'yaml' });
        } else {
          parsed.object = value as Record<string, unknown>;
        }
      } catch (e) {
        parsed.problems.push({ document: index, line: startPos.line, column: startPos.col, message: (e as Error).message, source: 'yaml' });
      }
    }
    out.push(parsed);
  });
  return out;
}
