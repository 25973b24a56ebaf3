import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The sandbox's folders (apiserver, controllers, kubelet, runtime, scheduler, store, core, ...)
 * import one another in one direction only: a cycle between two folders means neither can be
 * read, tested or changed without the other. Shared pieces live in core/. Counted: value
 * imports of the sandbox's own source files (type-only imports vanish at run time; tests and
 * their support files: *.test.ts, *.testing.ts, *-testing.ts, testing/ and files importing vitest,
 * are left out); files at the sandbox's top level
 * (cluster.ts, host.ts, types.ts, ...) put folders together and are no folder.
 */
const ROOT = path.join('lib', 'k8s', 'sandbox');
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'(\.[^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'integration' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/(\.test|[.-]testing)\.ts$/.test(e.name) ? [p] : [];
  });
}

function folderOf(file: string): string | undefined {
  const parts = path.relative(ROOT, file).split(path.sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** folder -> the folders its files import values from, each edge with one file that makes it. */
export function folderImports(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(ROOT)) {
    const text = fs.readFileSync(file, 'utf8');
    if (/from 'vitest'/.test(text)) continue;
    const from = folderOf(file);
    if (!from) continue;
    for (const m of text.matchAll(IMPORT)) {
      const typeOnly = Boolean(m[1]) || /^\{\s*(type\s+[^,}]+,?\s*)+\}$/.test(m[2].trim());
      if (typeOnly) continue;
      const to = folderOf(path.join(path.dirname(file), m[3]));
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${path.relative(ROOT, file)} imports ${m[3]}`);
    }
  }
  return edges;
}

/** The folder cycles (Tarjan's strongly connected components of more than one folder). */
function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the sandbox folders', () => {
  it('import one another without a cycle (shared pieces live in core/)', () => {
    const edges = folderImports();
    const found = cycles(edges).map((c) => c.flatMap((a) => c.filter((b) => edges.get(a)?.has(b)).map((b) => `${a} -> ${b} (${edges.get(a)!.get(b)})`)));
    expect(found).toEqual([]);
  });

  it('see the imports they should: the kubelet uses the runtime, the controllers use core, and core imports no folder', () => {
    const edges = folderImports();
    expect(edges.get('kubelet')?.has('runtime')).toBe(true);
    expect(edges.get('controllers')?.has('core')).toBe(true);
    expect(edges.get('runtime')?.has('kubelet') ?? false).toBe(false);
    expect(edges.get('apiserver')?.has('controllers') ?? false).toBe(false);
    expect([...(edges.get('core')?.keys() ?? [])]).toEqual([]);
  });
});
