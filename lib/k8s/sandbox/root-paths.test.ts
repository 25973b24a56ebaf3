import { describe, expect, it } from 'vitest';
import { bearerToken, isKubernetesRootPath } from './root-paths';

describe('isKubernetesRootPath', () => {
  it('recognises discovery, the core and named groups, OpenAPI, version and health paths', () => {
    for (const p of ['/api', '/api/', '/api/v1', '/api/v1/namespaces/default/pods', '/apis', '/apis/apps/v1/deployments', '/version', '/openapi/v2', '/openapi/v3/apis/apps/v1', '/healthz', '/livez', '/readyz/ping', '/metrics']) {
      expect(isKubernetesRootPath(p), p).toBe(true);
    }
  });

  it('leaves the portal\'s own routes and pages to the portal', () => {
    for (const p of ['/', '/learn', '/learn/module-05', '/_next/static/x.js', '/api/lab/session', '/api/lab/kubeconfig', '/api/classes', '/api/schemas/pod', '/api/v1x', '/apisx', '/versions', '/openapi', '/k8s/abc/token-x/api', '/instructor']) {
      expect(isKubernetesRootPath(p), p).toBe(false);
    }
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header in any letter case and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
