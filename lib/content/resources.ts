/**
 * The resource library: every file under content/module-05/resources/, listed as a tree and
 * read only by a path that stays inside that folder (no traversal, no symlinks out).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES_DIR } from './paths';

export interface ResourceEntry {
  path: string; // relative, with forward slashes
  name: string;
  kind: 'file' | 'dir';
  children?: ResourceEntry[];
}

export class ResourcePathError extends Error {
  constructor(readonly requested: string) {
    super(`not a file of the resource library: ${JSON.stringify(requested)}`);
    this.name = 'ResourcePathError';
  }
}

const ALLOWED = /^[a-z0-9][a-z0-9._-]*$/i;

export function resourceTree(dir = RESOURCES_DIR, prefix = ''): ResourceEntry[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && !d.name.endsWith('.test.ts'))
    .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))
    .map((d) => {
      const rel = prefix ? `${prefix}/${d.name}` : d.name;
      return d.isDirectory()
        ? { path: rel, name: d.name, kind: 'dir' as const, children: resourceTree(path.join(dir, d.name), rel) }
        : { path: rel, name: d.name, kind: 'file' as const };
    });
}

export function resourceFiles(dir = RESOURCES_DIR): string[] {
  const out: string[] = [];
  const walk = (entries: ResourceEntry[]) => {
    for (const e of entries) {
      if (e.kind === 'dir') walk(e.children ?? []);
      else out.push(e.path);
    }
  };
  walk(resourceTree(dir));
  return out;
}

/** Resolves a library path safely; throws ResourcePathError for anything outside the folder. */
export function resolveResource(relPath: string, dir = RESOURCES_DIR): string {
  const parts = relPath.split('/');
  if (!relPath || parts.some((p) => !ALLOWED.test(p) || p === '..' || p === '.')) throw new ResourcePathError(relPath);
  const full = path.join(dir, ...parts);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    throw new ResourcePathError(relPath);
  }
  const root = fs.realpathSync(dir);
  if (!real.startsWith(root + path.sep) || !fs.statSync(real).isFile()) throw new ResourcePathError(relPath);
  return real;
}

export function readResource(relPath: string, dir = RESOURCES_DIR): string {
  return fs.readFileSync(resolveResource(relPath, dir), 'utf8');
}
