/**
 * KUBELAB_DATABASE_URL: operator configuration, read once at start. A URL that is not a
 * PostgreSQL one stops the start with a message that shows the URL without its password.
 */

/** The URL with its password replaced by ***, for messages and logs. */
export function redactDatabaseUrl(raw: string): string {
  let text = raw;
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass/i.test(k)) u.searchParams.set(k, '***');
    text = u.toString();
  } catch {
    // Not a URL: the patterns below still apply.
  }
  // Whatever sits between a ':' and an '@' could be a password, also where the URL parser saw
  // none (user:secret@host without a scheme parses as the scheme "user:").
  return text.replace(/:[^:@/]*@/g, ':***@').replace(/(pass\w*=)[^&\s]*/gi, '$1***');
}

export class InvalidDatabaseUrlError extends Error {
  constructor(readonly redacted: string, reason: string) {
    super(`KUBELAB_DATABASE_URL ${JSON.stringify(redacted)} is not usable: ${reason}. Expected postgres://user:password@host:5432/database (or postgresql://...); unset it to keep the SQLite store in the data directory.`);
    this.name = 'InvalidDatabaseUrlError';
  }
}

/** The database could not be reached or refused us at start: names the URL without its password. */
export class DatabaseUnreachableError extends Error {
  constructor(readonly redacted: string, cause: string) {
    super(`KUBELAB_DATABASE_URL ${JSON.stringify(redacted)}: PostgreSQL could not be used: ${cause}`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** The URL when it is set (trimmed), undefined when unset or blank; throws InvalidDatabaseUrlError when it is not PostgreSQL's. */
export function databaseUrlFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  const raw = env.KUBELAB_DATABASE_URL?.trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InvalidDatabaseUrlError(redactDatabaseUrl(raw), 'it is not a URL');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new InvalidDatabaseUrlError(redactDatabaseUrl(raw), `the scheme is ${u.protocol.replace(/:$/, '')}, not postgres`);
  if (!u.hostname && !u.searchParams.get('host')) throw new InvalidDatabaseUrlError(redactDatabaseUrl(raw), 'it names no host');
  return raw;
}

/** A short name for errors (PersistenceFailedError takes a file name): database@host, no slashes, no password. */
export function databaseLabel(raw: string): string {
  try {
    const u = new URL(raw);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
    const host = u.hostname || 'local socket';
    return `PostgreSQL ${db}@${host}`.replace(/\//g, '_');
  } catch {
    return 'PostgreSQL';
  }
}
