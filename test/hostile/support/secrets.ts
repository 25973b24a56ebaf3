/**
 * The strings no response may ever carry: the planted markers, the instructor token, and every
 * learner's cluster token except the asking learner's own. Read from the data directory at the
 * time of the check, so clusters made during a case count too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_RECORDS_FILE, HOSTILE_DATA_DIR, INSTRUCTOR_TOKEN_FILE, MARKER_FILE, OUTSIDE_MARKER_FILE } from './layout';

function markerSecret(file: string): string {
  const text = fs.readFileSync(file, 'utf8').trim();
  return text.slice(text.indexOf('=') + 1);
}

export function markerSecrets(): string[] {
  return [markerSecret(MARKER_FILE), markerSecret(OUTSIDE_MARKER_FILE)];
}

/** The key that signs learner cookies (kept in the data directory), if the portal keeps one. */
export function cookieKey(): string | undefined {
  try {
    return fs.readFileSync(path.join(HOSTILE_DATA_DIR, 'cookie-secret'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function instructorToken(): string | undefined {
  if (process.env.KUBELAB_INSTRUCTOR_TOKEN) return process.env.KUBELAB_INSTRUCTOR_TOKEN;
  try {
    return fs.readFileSync(INSTRUCTOR_TOKEN_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every cluster token the server has on disk. The records file is read loosely (any "token"
 * field), so a change of its shape still yields the tokens; a missing file yields none.
 */
export function clusterTokensOnDisk(): string[] {
  const files = [CLUSTER_RECORDS_FILE];
  try {
    for (const f of fs.readdirSync(HOSTILE_DATA_DIR)) if (/^sandbox-clusters.*\.json$/.test(f) && !files.includes(path.join(HOSTILE_DATA_DIR, f))) files.push(path.join(HOSTILE_DATA_DIR, f));
  } catch {
    // no data dir yet
  }
  const tokens = new Set<string>();
  for (const f of files) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/"token"\s*:\s*"([A-Za-z0-9_-]{16,})"/g)) tokens.add(m[1]);
  }
  return [...tokens];
}
