import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { checkCert, createSelfSignedCert, SANDBOX_TLS_SERVER_NAME, UnusableCertificateError } from './self-signed-cert';

const NOW = Date.parse('2026-12-07T06:00:00Z');

describe('createSelfSignedCert', () => {
  it('makes a certificate for the sandbox name, signed by its own key, valid for the days asked', () => {
    const cert = createSelfSignedCert({ now: NOW, days: 10 });
    const x = new X509Certificate(cert.certPem);
    expect(x.subjectAltName).toBe(`DNS:${SANDBOX_TLS_SERVER_NAME}`);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(Date.parse(x.validTo)).toBe(NOW + 10 * 86_400_000);
    expect(() => checkCert(cert, 'f', NOW)).not.toThrow();
  });

  it('refuses a stored pair whose key is not the certificate\'s, or that has expired', () => {
    const one = createSelfSignedCert({ now: NOW, days: 1 });
    const two = createSelfSignedCert({ now: NOW, days: 1 });
    expect(() => checkCert({ certPem: one.certPem, keyPem: two.keyPem }, 'f', NOW)).toThrow(UnusableCertificateError);
    expect(() => checkCert(one, 'f', NOW + 2 * 86_400_000)).toThrow(/expired/);
  });

  it('makes a certificate OpenSSL reads whatever bytes the serial is drawn from, leading zeros included', () => {
    for (const fill of [0x00, 0x7f, 0x80, 0xff]) {
      const cert = createSelfSignedCert({ now: Date.now(), days: 1, random: (n) => Buffer.alloc(n, fill) });
      expect(() => new X509Certificate(cert.certPem)).not.toThrow();
      expect(() => tls.createSecureContext({ cert: cert.certPem, key: cert.keyPem })).not.toThrow();
    }
  });
});
