import { describe, expect, it } from 'vitest';
import { pod } from '../fixtures.testing';
import { filterNodePorts } from './node-ports';

describe('NodePorts', () => {
  const web = (hostPort: number, extra: Record<string, unknown> = {}) => pod(`w${hostPort}`, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, protocol: 'TCP', ...extra }] }] });
  it.each([
    ['a free port fits', web(8080), [web(9090)], undefined],
    ['the same port conflicts', web(8080), [web(8080)], ["node(s) didn't have free ports for the requested pod ports"]],
    ['another protocol does not conflict', web(8080, { protocol: 'UDP' }), [web(8080)], undefined],
    ['distinct host IPs do not conflict', web(8080, { hostIP: '10.0.0.1' }), [web(8080, { hostIP: '10.0.0.2' })], undefined],
    ['0.0.0.0 conflicts with a specific IP', web(8080, { hostIP: '10.0.0.1' }), [web(8080, { hostIP: '0.0.0.0' })], ["node(s) didn't have free ports for the requested pod ports"]],
    ['a pod without host ports always fits', pod('p'), [web(8080)], undefined],
  ])('%s', (_name, p, existing, reasons) => {
    expect(filterNodePorts(p, existing)?.reasons).toEqual(reasons);
  });
});
