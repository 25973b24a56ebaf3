/**
 * Finds the `sh -c` scripts of containers in the course's YAML resources and in the YAML
 * blocks of lessons, so a test can run every one of them in the shell.
 */
import { parseAllDocuments } from 'yaml';

export interface ContainerScript {
  source: string;
  container: string;
  image: string;
  script: string;
}

interface ContainerLike {
  name?: unknown;
  image?: unknown;
  command?: unknown;
  args?: unknown;
}

function visit(node: unknown, source: string, out: ContainerScript[]): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, source, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const c = node as ContainerLike;
  if (typeof c.image === 'string' && (Array.isArray(c.command) || Array.isArray(c.args))) {
    const argv = [...((c.command as unknown[]) ?? []), ...((c.args as unknown[]) ?? [])].map(String);
    const dashC = argv.indexOf('-c');
    if (/^(\/bin\/)?(sh|ash|bash)$/.test(argv[0] ?? '') && dashC > 0 && argv[dashC + 1] !== undefined) {
      out.push({ source, container: String(c.name ?? ''), image: c.image, script: argv[dashC + 1] });
    }
  }
  for (const v of Object.values(node)) visit(v, source, out);
}

/** Scripts of every container in a YAML text (documents that fail to parse are skipped). */
export function scriptsInYaml(text: string, source: string): ContainerScript[] {
  const out: ContainerScript[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) continue;
    visit(doc.toJS(), source, out);
  }
  return out;
}

/** Scripts in the ```yaml blocks and `<<EOF` bodies of a Markdown or MDX text. */
export function scriptsInMarkdown(text: string, source: string): ContainerScript[] {
  const blocks: string[] = [];
  for (const m of text.matchAll(/```ya?ml[^\n]*\n([\s\S]*?)```/g)) blocks.push(m[1]);
  for (const m of text.matchAll(/<<\s*'?EOF'?\n([\s\S]*?)\nEOF/g)) blocks.push(m[1]);
  return blocks.flatMap((b) => scriptsInYaml(b, source));
}
