import { describe, expect, it } from 'vitest';
import { cookieIsSecure } from './secure-cookie';

describe('cookies are Secure', () => {
  it('when the public URL is https, or a trusted proxy says the browser used https', () => {
    expect(cookieIsSecure(undefined, { KUBELAB_PUBLIC_URL: 'https://lab.example' })).toBe(true);
    expect(cookieIsSecure('https', { KUBELAB_TRUST_PROXY: '1' })).toBe(true);
    expect(cookieIsSecure('https, http', { KUBELAB_TRUST_PROXY: '1' })).toBe(true);
  });

  it('not when X-Forwarded-Proto comes from an untrusted client or says http', () => {
    expect(cookieIsSecure('https', {})).toBe(false);
    expect(cookieIsSecure('http', { KUBELAB_TRUST_PROXY: '1' })).toBe(false);
    expect(cookieIsSecure(undefined, { KUBELAB_PUBLIC_URL: 'http://lab.example' })).toBe(false);
  });
});
