import { describe, expect, it } from 'vitest';
import { normalizePath } from './path';

/** The segment-by-segment rule normalizePath follows, without its shortcut for normal paths. */
function bySegments(path: string, cwd = '/'): string {
  const out: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

describe('normalizePath', () => {
  it('resolves dots, repeated and trailing slashes, and relative paths', () => {
    expect(normalizePath('/a//b/../c/')).toBe('/a/c');
    expect(normalizePath('/a/./b/.')).toBe('/a/b');
    expect(normalizePath('/..')).toBe('/');
    expect(normalizePath('x/y', '/home')).toBe('/home/x/y');
  });

  it('gives every path what resolving segment by segment gives, whether or not it was normal already', () => {
    const names = ['', '.', '..', '...', '.hidden', 'a', 'b..', '..c', 'log.1'];
    const paths = new Set<string>();
    for (const x of names) for (const y of names) for (const z of names) {
      paths.add(`/${x}/${y}/${z}`);
      paths.add(`/${x}/${y}${z}`);
      paths.add(`${x}/${y}/${z}/`);
    }
    for (const p of paths) expect([p, normalizePath(p, '/w')]).toEqual([p, bySegments(p, '/w')]);
  });

  it('returns a normal absolute path as it is', () => {
    for (const p of ['/', '/a', '/var/log/app.log', '/a/.b/c..d/...']) expect(normalizePath(p)).toBe(p);
  });
});
