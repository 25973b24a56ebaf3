/**
 * Hostile cases for KUBELAB_DATABASE_URL and KUBELAB_SHARD_ID: operator configuration, read at
 * start (openProductStore, before the port listens). A URL that is not PostgreSQL's, one that
 * points nowhere and one naming a database that does not exist each stop the start with a
 * message that says what is wrong and never prints the password.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProductStore, shardIdFromEnv, InvalidShardIdError } from '../../lib/k8s/sandbox/store/product-store';
import { DatabaseUnreachableError, InvalidDatabaseUrlError, databaseUrlFromEnv, redactDatabaseUrl } from '../../lib/k8s/sandbox/store/postgres/database-url';
import { testPostgres } from '../../lib/testing/postgres';

const PASSWORD = 'hunter2-planted-password';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-dburl-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The error openProductStore throws for this URL (fails the test if it opens). */
function startError(url: string): Error {
  try {
    const f = openProductStore(dataDir, { KUBELAB_DATABASE_URL: url, KUBELAB_SHARD_ID: 'shard-0' });
    f.close();
  } catch (e) {
    return e as Error;
  }
  throw new Error(`openProductStore accepted ${redactDatabaseUrl(url)}`);
}

describe('KUBELAB_DATABASE_URL', () => {
  it('keeps the SQLite store when unset or blank', () => {
    for (const env of [{}, { KUBELAB_DATABASE_URL: '' }, { KUBELAB_DATABASE_URL: '   ' }]) {
      const f = openProductStore(dataDir, env);
      expect(f.kind).toBe('sqlite');
      f.close();
    }
  });

  it.each([
    ['another scheme', `mysql://kubelab:${PASSWORD}@db:3306/kubelab`, /the scheme is mysql, not postgres/],
    ['no scheme', `kubelab:${PASSWORD}@db/kubelab`, /(not a URL|the scheme is kubelab)/],
    ['not a URL at all', `postgres//kubelab:${PASSWORD}@db/kubelab`, /not a URL/],
    ['no host', `postgres://kubelab:${PASSWORD}@/kubelab`, /(names no host|not a URL)/],
    ['a password in the query', `http://db/kubelab?password=${PASSWORD}`, /the scheme is http/],
  ])('refuses %s, naming the setting and the expected form, without the password', (_what, url, reason) => {
    const err = startError(url);
    expect(err).toBeInstanceOf(InvalidDatabaseUrlError);
    expect(err.message).toMatch(/^KUBELAB_DATABASE_URL /);
    expect(err.message).toMatch(reason);
    expect(err.message).toContain('Expected postgres://user:password@host:5432/database');
    expect(err.message).not.toContain(PASSWORD);
  });

  it('stops the start when nothing answers at the address, saying so without the password', () => {
    // Port 1 on loopback: refused at once.
    const err = startError(`postgres://kubelab:${PASSWORD}@127.0.0.1:1/kubelab`);
    expect(err).toBeInstanceOf(DatabaseUnreachableError);
    expect(err.message).toMatch(/^KUBELAB_DATABASE_URL "postgres:\/\/kubelab:\*\*\*@127\.0\.0\.1:1\/kubelab": PostgreSQL could not be used: .*ECONNREFUSED/);
    expect(err.message).not.toContain(PASSWORD);
  });

  it.skipIf(!testPostgres().url)('stops the start when the database does not exist, naming it without the password', () => {
    const server = new URL(testPostgres().url!);
    const url = `postgres://postgres:${PASSWORD}@localhost/no_such_database?host=${encodeURIComponent(server.searchParams.get('host')!)}`;
    const err = startError(url);
    expect(err).toBeInstanceOf(DatabaseUnreachableError);
    expect(err.message).toMatch(/database "no_such_database" does not exist/);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('redacts the password wherever it sits', () => {
    expect(redactDatabaseUrl(`postgres://u:${PASSWORD}@h/d`)).toBe('postgres://u:***@h/d');
    expect(redactDatabaseUrl(`postgres://u@h/d?password=${PASSWORD}`)).toBe('postgres://u@h/d?password=***');
    expect(redactDatabaseUrl(`not a url u:${PASSWORD}@h`)).not.toContain(PASSWORD);
    expect(databaseUrlFromEnv({ KUBELAB_DATABASE_URL: ' postgresql://u@h/d ' })).toBe('postgresql://u@h/d');
  });
});

describe('KUBELAB_SHARD_ID', () => {
  it('defaults to the host name and refuses names that are not plain', () => {
    expect(shardIdFromEnv({}, 'kubelab-2')).toBe('kubelab-2');
    expect(shardIdFromEnv({ KUBELAB_SHARD_ID: 'shard-a' }, 'x')).toBe('shard-a');
    for (const bad of ['../etc', 'a b', 'x'.repeat(129), "shard'; DROP TABLE sandbox_objects; --"]) {
      expect(() => shardIdFromEnv({ KUBELAB_SHARD_ID: bad }, 'h')).toThrow(InvalidShardIdError);
    }
  });
});
