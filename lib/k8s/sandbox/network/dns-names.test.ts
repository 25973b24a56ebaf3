import { describe, expect, it } from 'vitest';
import { candidateNames, isIPv4, parseClusterName } from './dns-names';

describe('candidateNames', () => {
  it.each([
    ['db', 'default', ['db.default.svc.cluster.local', 'db.svc.cluster.local', 'db.cluster.local', 'db']],
    ['db.shop', 'default', ['db.shop.default.svc.cluster.local', 'db.shop.svc.cluster.local', 'db.shop.cluster.local', 'db.shop']],
    ['db.shop.svc.cluster.local.', 'default', ['db.shop.svc.cluster.local']],
    ['web-0.web.default.svc.cluster.local', 'x', ['web-0.web.default.svc.cluster.local', 'web-0.web.default.svc.cluster.local.x.svc.cluster.local', 'web-0.web.default.svc.cluster.local.svc.cluster.local', 'web-0.web.default.svc.cluster.local.cluster.local']],
  ])('a pod in %s… tries the search domains as ndots:5 says (%s)', (name, ns, expected) => {
    expect(candidateNames(name, ns)).toEqual(expected);
  });
});

describe('parseClusterName', () => {
  it.each([
    ['web.default.svc.cluster.local', { kind: 'service', service: 'web', namespace: 'default' }],
    ['web-0.web-headless.default.svc.cluster.local', { kind: 'endpoint', hostname: 'web-0', service: 'web-headless', namespace: 'default' }],
    ['10-244-1-5.default.pod.cluster.local', { kind: 'pod', ip: '10.244.1.5', namespace: 'default' }],
    ['web.svc.cluster.local', undefined],
    ['example.com', undefined],
  ])('reads %s', (fqdn, expected) => {
    expect(parseClusterName(fqdn)).toEqual(expected);
  });

  it('knows a dotted IPv4 address', () => {
    expect([isIPv4('10.96.0.1'), isIPv4('10.96.0'), isIPv4('300.1.1.1'), isIPv4('db')]).toEqual([true, false, false, false]);
  });
});
