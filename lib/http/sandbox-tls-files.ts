/**
 * The sandbox's TLS key and certificate, kept in the data dir so downloaded kubeconfigs (which
 * pin the certificate) keep working across restarts. Created on first start; a damaged or expired
 * pair is replaced (learners then download their kubeconfig again) and the caller is told.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkCert, createSelfSignedCert, type SelfSignedCert } from './self-signed-cert';

export const SANDBOX_TLS_FILE = 'sandbox-tls.json';
const VALID_DAYS = 3650;

export function loadOrCreateSandboxCert(dataDir: string, now: number, log: (message: string) => void): SelfSignedCert {
  const file = path.join(dataDir, SANDBOX_TLS_FILE);
  if (fs.existsSync(file)) {
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as SelfSignedCert;
      checkCert(stored, file, now);
      return stored;
    } catch (err) {
      log(`sandbox TLS: ${err instanceof Error ? err.message : String(err)}; a new certificate is made (downloaded kubeconfigs must be fetched again)`);
    }
  }
  const made = createSelfSignedCert({ now, days: VALID_DAYS });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
  return made;
}
