/**
 * A self-signed ECDSA P-256 certificate built with node:crypto alone (no openssl at run time),
 * for serving the sandbox API over TLS on the portal's port. kubectl sends a kubeconfig's bearer
 * token only over https (client-go's clientcmd reads user credentials only when
 * IsConfigTransportTLS), so root-path access (`kubectl get --raw`, `kubectl proxy`) needs TLS.
 * The certificate names one fixed DNS name; kubeconfigs pin it as their certificate authority and
 * set `tls-server-name` to that name, so it verifies whatever host or address learners reach.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

export const SANDBOX_TLS_SERVER_NAME = 'kubelab-sandbox';

export interface SelfSignedCert {
  keyPem: string;
  certPem: string;
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...body: Buffer[]) => {
  const b = Buffer.concat(body);
  return Buffer.concat([Buffer.from([tag]), len(b.length), b]);
};
const seq = (...body: Buffer[]) => tlv(0x30, ...body);
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
const OID_ECDSA_SHA256 = '2a8648ce3d040302';
const OID_COMMON_NAME = '550403';
const OID_SUBJECT_ALT_NAME = '551d11';
const OID_EXT_KEY_USAGE = '551d25';
const OID_SERVER_AUTH = '2b06010505070301';

/** UTCTime (YYMMDDHHMMSSZ), valid for years 1950-2049 as X.509 requires. */
function utcTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text));
}

function name(commonName: string): Buffer {
  return seq(tlv(0x31, seq(oid(OID_COMMON_NAME), tlv(0x0c, Buffer.from(commonName)))));
}

/**
 * random: the serial's source (tests pass one that starts with zero bytes). DER wants an INTEGER
 * in its fewest bytes, so the serial's first byte is kept between 0x40 and 0x7f: positive, and
 * never a leading zero. A random 0x00 there (1 time in 256) made a certificate OpenSSL refuses
 * ("illegal padding"), and the portal did not start.
 */
export function createSelfSignedCert(opts: { now: number; days: number; dnsName?: string; random?: (n: number) => Buffer }): SelfSignedCert {
  const dns = opts.dnsName ?? SANDBOX_TLS_SERVER_NAME;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = Buffer.from((opts.random ?? randomBytes)(16));
  serial[0] = (serial[0] & 0x3f) | 0x40;
  const algorithm = seq(oid(OID_ECDSA_SHA256));
  const extensions = tlv(
    0xa3,
    seq(
      seq(oid(OID_SUBJECT_ALT_NAME), tlv(0x04, seq(tlv(0x82, Buffer.from(dns))))),
      seq(oid(OID_EXT_KEY_USAGE), tlv(0x04, seq(oid(OID_SERVER_AUTH)))),
    ),
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version 3
    tlv(0x02, serial),
    algorithm,
    name(dns),
    seq(utcTime(opts.now - 86_400_000), utcTime(opts.now + opts.days * 86_400_000)),
    name(dns),
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem };
}

export class UnusableCertificateError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`the sandbox TLS certificate in ${file} cannot be used: ${reason}`);
    this.name = 'UnusableCertificateError';
  }
}

/** Checks a stored key and certificate belong together and the certificate is valid at now. */
export function checkCert(cert: SelfSignedCert, file: string, now: number): void {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert.certPem);
    if (!x509.checkPrivateKey(createPrivateKey(cert.keyPem))) throw new Error('the key does not match the certificate');
  } catch (err) {
    throw new UnusableCertificateError(file, err instanceof Error ? err.message : String(err));
  }
  if (Date.parse(x509.validTo) <= now) throw new UnusableCertificateError(file, `it expired on ${x509.validTo}`);
}
