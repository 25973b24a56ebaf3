/**
 * Whether the bench's editor still holds a Try-it's manifest (possibly edited): the same kinds
 * and names. Apply then sends the editor's text, the learner's edits included; if the editor has
 * moved on to something else (another block, another tab), Apply sends the block's own manifest.
 */
import { parseAllDocuments } from 'yaml';

function identities(text: string): string[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    if (docs.some((d) => d.errors.length > 0)) return undefined;
    return docs
      .map((d) => d.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null)
      .filter((o): o is { kind?: unknown; metadata?: { name?: unknown } } => Boolean(o))
      .map((o) => `${String(o.kind)}/${String(o.metadata?.name)}`)
      .sort();
  } catch {
    return undefined;
  }
}

export function editorHoldsManifest(editorText: string, manifest: string): boolean {
  const held = identities(editorText);
  const wanted = identities(manifest);
  return Boolean(held && wanted && held.length > 0 && held.join('\n') === wanted.join('\n'));
}
