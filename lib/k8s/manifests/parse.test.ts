import { describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES, ManifestTooLargeError, parseManifests } from './parse';

describe('parsing manifests', () => {
  it('splits documents, skips empty ones and maps field paths to lines', () => {
    const docs = parseManifests(`apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
# only a comment
---
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: pi
        image: busybox:1.36
`);
    expect(docs.map((d) => [d.index, d.line, d.object?.kind])).toEqual([[1, 1, 'ConfigMap'], [3, 8, 'Job']]);
    expect(docs[1].lineOf(['spec', 'template', 'spec', 'restartPolicy']).line).toBe(15);
    expect(docs[1].lineOf(['spec', 'template', 'spec', 'containers', 0, 'image']).line).toBe(18);
    // A path that does not exist in the text points at its deepest existing parent.
    expect(docs[1].lineOf(['spec', 'template', 'spec', 'containers', 0, 'command']).line).toBe(17);
  });

  it('reports YAML syntax errors with their document and line instead of throwing', () => {
    const docs = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   bad: indent\n');
    expect(docs[0].object).toBeUndefined();
    expect(docs[0].problems[0]).toEqual({ document: 1, line: 4, column: 9, message: 'Nested mappings are not allowed in compact mappings', source: 'yaml' });
  });

  it('rejects duplicate keys, non-mapping documents and alias bombs', () => {
    expect(parseManifests('a: 1\na: 2\n')[0].problems[0].message).toMatch(/unique/i);
    expect(parseManifests('- 1\n- 2\n')[0].problems[0].message).toBe('a Kubernetes object must be a mapping, not a list');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const [doc] = parseManifests(bomb.join('\n'));
    expect(doc.object).toBeUndefined();
    expect(doc.problems[0].message).toMatch(/alias/i);
  });

  it('refuses a manifest larger than the API server would accept', () => {
    expect(() => parseManifests('a'.repeat(MAX_MANIFEST_BYTES + 1))).toThrow(ManifestTooLargeError);
  });
});
