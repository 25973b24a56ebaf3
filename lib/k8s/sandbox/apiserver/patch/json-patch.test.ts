import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch';
import { catchStatusError } from '../../status-error.testing';

const pod = { metadata: { name: 'p', labels: { 'a/b': 'x', 'c~d': 'y' } }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } };

const failure = catchStatusError;

describe('applyJsonPatch', () => {
  it.each([
    ['adds a key to an object', [{ op: 'add', path: '/metadata/annotations', value: { k: 'v' } }], (d: typeof pod & { metadata: { annotations?: unknown } }) => expect(d.metadata.annotations).toEqual({ k: 'v' })],
    ['appends to an array with -', [{ op: 'add', path: '/spec/containers/-', value: { name: 'c' } }], (d: typeof pod) => expect(d.spec.containers.map((c) => c.name)).toEqual(['a', 'b', 'c'])],
    ['inserts into an array at an index', [{ op: 'add', path: '/spec/containers/0', value: { name: 'z' } }], (d: typeof pod) => expect(d.spec.containers.map((c) => c.name)).toEqual(['z', 'a', 'b'])],
    ['removes an array element', [{ op: 'remove', path: '/spec/containers/0' }], (d: typeof pod) => expect(d.spec.containers.map((c) => c.name)).toEqual(['b'])],
    ['unescapes ~1 and ~0 in pointers', [{ op: 'replace', path: '/metadata/labels/a~1b', value: 'X' }, { op: 'remove', path: '/metadata/labels/c~0d' }], (d: typeof pod) => expect(d.metadata.labels).toEqual({ 'a/b': 'X' })],
    ['moves a value', [{ op: 'move', from: '/metadata/labels', path: '/metadata/annotations' }], (d: typeof pod & { metadata: { annotations?: unknown } }) => expect(d.metadata).toEqual({ name: 'p', annotations: { 'a/b': 'x', 'c~d': 'y' } })],
    ['copies a value', [{ op: 'copy', from: '/spec/containers/1', path: '/spec/containers/-' }], (d: typeof pod) => expect(d.spec.containers.map((c) => c.name)).toEqual(['a', 'b', 'b'])],
    ['passes a matching test', [{ op: 'test', path: '/metadata/name', value: 'p' }], (d: typeof pod) => expect(d.metadata.name).toBe('p')],
  ])('%s', (_name, ops, check) => {
    check(applyJsonPatch(pod, ops) as never);
  });

  it('does not modify the input document', () => {
    applyJsonPatch(pod, [{ op: 'remove', path: '/spec' }]);
    expect(pod.spec.containers).toHaveLength(2);
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/metadata/name', value: 'q' }], 'testing value /metadata/name failed: test failed'],
    ['replace of a missing path', [{ op: 'replace', path: '/spec/nope/x', value: 1 }], 'doc is missing path: "/spec/nope/x": missing value'],
    ['remove of a missing key', [{ op: 'remove', path: '/metadata/nope' }], 'Unable to remove nonexistent key: nope: missing value'],
    ['an index out of range', [{ op: 'add', path: '/spec/containers/5', value: {} }], 'Unable to access invalid index: 5: invalid index referenced'],
    ['an unknown op', [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
  ])('rejects %s with 422 Invalid and the library message as a cause', (_name, ops, message) => {
    const e = failure(() => applyJsonPatch(pod, ops));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.details?.causes?.[0].message).toBe(message);
  });

  it('rejects more than 10000 operations with 413 as the API server does', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/metadata/name', value: 'p' }));
    expect(failure(() => applyJsonPatch(pod, ops)).code).toBe(413);
  });

  it('rejects a body that is not an array with 400 BadRequest', () => {
    expect(failure(() => applyJsonPatch(pod, { op: 'add' })).code).toBe(400);
  });
});
