import { describe, expect, it } from 'vitest';
import { node, pod } from '../fixtures.testing';
import { filterNodeName } from './node-name';

describe('NodeName', () => {
  it.each([
    ['a pod without nodeName fits anywhere', pod('p'), undefined],
    ['a pod naming this node fits', pod('p', { nodeName: 'n' }), undefined],
    ['a pod naming another node does not', pod('p', { nodeName: 'm' }), ["node(s) didn't match the requested node name"]],
  ])('%s', (_name, p, reasons) => {
    expect(filterNodeName(p, node('n'))?.reasons).toEqual(reasons);
  });
});
