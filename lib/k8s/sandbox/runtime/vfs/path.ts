/**
 * Absolute POSIX path arithmetic for the virtual filesystem. Every Vfs method normalises its
 * argument with normalizePath, so `/a//b/../c/` and `/a/c` name the same node.
 */

/** Something normalizePath would change: `//`, a `.` or `..` segment, or a trailing slash after a name. */
const NOT_NORMAL = /\/\/|\/\.{1,2}(?:\/|$)|.\/$/;

/** Resolves `.`, `..` and repeated slashes; relative paths are taken from cwd (default `/`). */
export function normalizePath(path: string, cwd = '/'): string {
  // Most paths (the runtime's own, a container's files) are normal already: a regex test
  // instead of splitting and joining (2 % of a class's sandbox worker time went here).
  if (path.startsWith('/') && !NOT_NORMAL.test(path)) return path;
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Path components of a normalised path (`/` has none). */
export function pathParts(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

export function dirnameOf(path: string): string {
  const p = normalizePath(path);
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basenameOf(path: string): string {
  const p = normalizePath(path);
  return p === '/' ? '/' : p.slice(p.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return normalizePath(`${dir}/${name}`);
}

/** True if path is prefix itself or lies under it. */
export function isUnder(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}
