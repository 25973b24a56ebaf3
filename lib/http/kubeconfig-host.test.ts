import { describe, expect, it } from 'vitest';
import { kubeconfigHost } from './kubeconfig-host';

const req = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/lab/kubeconfig', { headers });
const url = new URL('http://127.0.0.1:3000/api/lab/kubeconfig');

describe('the host a downloaded kubeconfig names', () => {
  it('is the request Host when no proxy is trusted, whatever X-Forwarded-Host says', () => {
    expect(kubeconfigHost(req({ host: 'class.local:3000', 'x-forwarded-host': 'evil.example' }), url, {})).toBe('class.local:3000');
  });
  it('is the forwarded host behind a trusted proxy', () => {
    expect(kubeconfigHost(req({ host: '10.0.0.5:3000', 'x-forwarded-host': 'kubelab.school.example, inner' }), url, { KUBELAB_TRUST_PROXY: '1' })).toBe('kubelab.school.example');
  });
  it('is the public URL host when one is configured', () => {
    expect(kubeconfigHost(req({ host: 'x:1', 'x-forwarded-host': 'y' }), url, { KUBELAB_PUBLIC_URL: 'https://kubelab.example.org/', KUBELAB_TRUST_PROXY: '1' })).toBe('kubelab.example.org');
  });
});
