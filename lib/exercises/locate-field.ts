/**
 * Finds the line of the learner's YAML that a failing check points at: the object (kind and
 * name) among the documents of the editor's text, then the field path inside it, as deep as the
 * text goes. A missing field is pinned to its nearest existing parent, and says what is missing
 * ("spec.template.spec has no tolerations"), because that is where the learner adds it.
 *
 * Runs in the browser on every edit, so it walks the yaml package's nodes itself rather than
 * going through lib/k8s/manifests/parse.ts: that parser is for Apply (Node's Buffer for the size
 * limit, and lineOf gives a nested block's first child rather than the key the learner reads).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ObjectRef } from './view';

export type FieldStep = string | number;

export class FieldPathError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`field path ${JSON.stringify(field)}: ${reason}`);
    this.name = 'FieldPathError';
  }
}

const KEY = /^[^.[\]"]+/;
const BRACKET = /^\[(?:(\d+)|"([^"]+)")\]/;

/**
 * `spec.template.spec.containers[0].image` → ['spec', 'template', 'spec', 'containers', 0, 'image'].
 * A key with dots in it is written in brackets and quotes: `data["haproxy.cfg"]`.
 */
export function parseFieldPath(field: string): FieldStep[] {
  const steps: FieldStep[] = [];
  let rest = field;
  while (rest.length) {
    const bracket = BRACKET.exec(rest);
    if (bracket) {
      steps.push(bracket[1] !== undefined ? Number(bracket[1]) : bracket[2]);
      rest = rest.slice(bracket[0].length);
      continue;
    }
    if (steps.length) {
      if (rest[0] !== '.') throw new FieldPathError(field, `expected "." or "[" before ${JSON.stringify(rest)}`);
      rest = rest.slice(1);
    }
    const key = KEY.exec(rest);
    if (!key) throw new FieldPathError(field, `expected a key at ${JSON.stringify(rest) || 'the end'}`);
    steps.push(key[0]);
    rest = rest.slice(key[0].length);
  }
  if (!steps.length) throw new FieldPathError(field, 'the path is empty');
  return steps;
}

/** The path written back the way checks write it. */
export function formatFieldPath(steps: FieldStep[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : KEY.exec(s)?.[0] === s ? `${i ? '.' : ''}${s}` : `["${s}"]`)).join('');
}

export interface FieldLocation {
  /** 1-based index of the document in the text (every `---` counts). */
  document: number;
  /** 1-based line and column in the whole text: where the field's key (or list item) starts. */
  line: number;
  column: number;
  /** Whether the whole path is in the text; when not, line is that of its nearest existing parent. */
  found: boolean;
  /** In words: the field itself, or what is missing ("spec.template.spec has no tolerations"). */
  text: string;
}

type YamlNode = Node | null | undefined;

interface Child {
  /** The key for a mapping entry (its line is the one the learner reads), absent for a list item. */
  key?: Node;
  value: YamlNode;
}

function childOf(node: YamlNode, step: FieldStep): Child | undefined {
  if (typeof step === 'string' && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
    return pair ? { key: pair.key as Node, value: pair.value as YamlNode } : undefined;
  }
  if (typeof step === 'number' && isSeq(node)) {
    return step < node.items.length ? { value: node.items[step] as YamlNode } : undefined;
  }
  return undefined;
}

function matches(doc: Document, object: ObjectRef): boolean {
  if (doc.get('kind') !== object.kind || doc.getIn(['metadata', 'name']) !== object.name) return false;
  // A document without a namespace goes to the learner's namespace, whichever that is.
  const ns = doc.getIn(['metadata', 'namespace']);
  return ns === undefined || ns === null || object.namespace === undefined || ns === object.namespace;
}

const describeStep = (s: FieldStep) => (typeof s === 'number' ? `[${s}]` : KEY.exec(s)?.[0] === s ? s : `"${s}"`);

/**
 * Where `field` of `object` is in the editor's text, or undefined when the object is not there,
 * its document does not parse, or the field path cannot be read. Never throws.
 */
export function locateField(text: string, object: ObjectRef, field: string): FieldLocation | undefined {
  try {
    const path = parseFieldPath(field);
    const lines = new LineCounter();
    const docs = Array.from(parseAllDocuments(text, { lineCounter: lines }));
    const index = docs.findIndex((d) => d.errors.length === 0 && matches(d, object));
    if (index < 0) return undefined;
    const doc = docs[index];
    const at = (node: Node | null | undefined, fallback: number) => lines.linePos(node?.range?.[0] ?? fallback);

    let node: YamlNode = doc.contents;
    let pos = at(node, doc.range[0]);
    for (const [i, step] of path.entries()) {
      const child = childOf(node, step);
      if (!child) {
        const parent = i === 0 ? `${object.kind} ${object.name}` : formatFieldPath(path.slice(0, i));
        return { document: index + 1, line: pos.line, column: pos.col, found: false, text: `${parent} has no ${describeStep(step)}` };
      }
      pos = at(child.key ?? child.value, node?.range?.[0] ?? doc.range[0]);
      // An alias stands for its anchor's node: the path goes on there.
      node = isAlias(child.value) ? (child.value.resolve(doc) as YamlNode) : child.value;
    }
    return { document: index + 1, line: pos.line, column: pos.col, found: true, text: field };
  } catch {
    // Whatever the learner typed, the panel keeps working; it just cannot point at a line.
    return undefined;
  }
}
