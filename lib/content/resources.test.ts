import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResource, resolveResource, resourceFiles, ResourcePathError } from './resources';

const dir = path.join(__dirname, 'fixtures', 'resources');

describe('resource library access', () => {
  it('lists files with forward-slash paths', () => {
    expect(resourceFiles(dir)).toEqual(['demo/demo.yaml']);
  });

  it('reads a file inside the library', () => {
    expect(readResource('demo/demo.yaml', dir)).toContain('kind: ConfigMap');
  });

  it.each(['../lessons.ts', 'demo/../../errors.ts', '/etc/passwd', 'demo', '', 'demo/%2e%2e', 'demo\\..\\x'])(
    'refuses %j',
    (p) => {
      expect(() => resolveResource(p, dir)).toThrow(ResourcePathError);
    },
  );
});
