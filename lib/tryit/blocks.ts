/**
 * Finds the <TryIt> blocks in a lesson's MDX source, for content tests: the attributes as written
 * (string literals and `{…}` expressions) and the manifest in the ```yaml block inside.
 */
export interface TryItBlock {
  id: string;
  /** Attribute name to its raw text: a string literal's content, or an expression without its braces. */
  attributes: Record<string, string>;
  yaml: string;
  /** 1-based line of the opening tag, for messages. */
  line: number;
}

export class TryItSourceError extends Error {
  constructor(readonly line: number, problem: string) {
    super(`<TryIt> at line ${line}: ${problem}`);
    this.name = 'TryItSourceError';
  }
}

/** Reads `name="…"` and `name={…}` pairs (braces balanced, strings skipped) from an opening tag. */
function readAttributes(tag: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < tag.length) {
    const m = /\s*([A-Za-z][\w-]*)=/y;
    m.lastIndex = i;
    const hit = m.exec(tag);
    if (!hit) break;
    const name = hit[1];
    i = m.lastIndex;
    if (tag[i] === '"') {
      const end = tag.indexOf('"', i + 1);
      if (end < 0) throw new TryItSourceError(line, `attribute ${name} has no closing quote`);
      out[name] = tag.slice(i + 1, end);
      i = end + 1;
    } else if (tag[i] === '{') {
      let depth = 0;
      let j = i;
      let quote: string | undefined;
      for (; j < tag.length; j++) {
        const c = tag[j];
        if (quote) {
          if (c === '\\') j++;
          else if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'" || c === '`') quote = c;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      if (depth !== 0) throw new TryItSourceError(line, `attribute ${name} has unbalanced braces`);
      out[name] = tag.slice(i + 1, j).trim();
      i = j + 1;
    } else {
      throw new TryItSourceError(line, `attribute ${name} must be "…" or {…}`);
    }
  }
  return out;
}

export function tryItBlocks(source: string): TryItBlock[] {
  const blocks: TryItBlock[] = [];
  const re = /<TryIt\b([\s\S]*?)\n>\s*\n```ya?ml\n([\s\S]*?)```\s*<\/TryIt>/g;
  for (const m of source.matchAll(re)) {
    const line = source.slice(0, m.index).split('\n').length;
    const attributes = readAttributes(m[1], line);
    if (!attributes.id) throw new TryItSourceError(line, 'needs an id');
    blocks.push({ id: attributes.id, attributes, yaml: m[2], line });
  }
  const opened = source.match(/<TryIt\b/g)?.length ?? 0;
  if (opened !== blocks.length) throw new TryItSourceError(0, `${opened} <TryIt> tags but ${blocks.length} read: write the closing ">" on its own line, then a blank line and the \`\`\`yaml block`);
  return blocks;
}
