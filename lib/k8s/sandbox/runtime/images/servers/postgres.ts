/**
 * postgres as the official image runs it. docker-entrypoint.sh refuses an uninitialised data
 * directory without POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust) with the real
 * message and exit 1; otherwise it runs initdb (printing its lines) once per data directory
 * (PGDATA, so a PVC keeps the database across pods), then postgres listens on 5432 and
 * logs `database system is ready to accept connections`. SIGTERM is a "smart shutdown".
 */
import type { Command, CommandContext } from '../../shell/command';
import { VfsError } from '../../vfs-types';
import { errLine, line, pgTime, serve } from './server';

const UNINITIALIZED = [
  'Error: Database is uninitialized and superuser password is not specified.',
  '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
  '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
  '',
  '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
  '       connections without a password. This is *not* recommended.',
  '',
  '       See PostgreSQL documentation about "trust":',
  '       https://www.postgresql.org/docs/current/auth-trust.html',
];

const dataDir = (ctx: CommandContext) => ctx.env.get('PGDATA') ?? '/var/lib/postgresql/data';

/** The docker-entrypoint.sh part: check the password, initialise the cluster once. */
export async function postgresEntrypoint(ctx: CommandContext): Promise<number | undefined> {
  const pgdata = dataDir(ctx);
  if (ctx.fs.exists(`${pgdata}/PG_VERSION`)) {
    await line(ctx, '');
    await line(ctx, 'PostgreSQL Database directory appears to contain a database; Skipping initialization');
    await line(ctx, '');
    return undefined;
  }
  if (!ctx.env.get('POSTGRES_PASSWORD') && ctx.env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
    for (const l of UNINITIALIZED) await errLine(ctx, l);
    return 1;
  }
  const major = ctx.env.get('PG_MAJOR') ?? '16';
  const user = ctx.env.get('POSTGRES_USER') ?? 'postgres';
  for (const l of [
    'The files belonging to this database system will be owned by user "postgres".',
    'This user must also own the server process.',
    '',
    'The database cluster will be initialized with locale "en_US.utf8".',
    'The default database encoding has accordingly been set to "UTF8".',
    'The default text search configuration will be set to "english".',
    '',
    'Data page checksums are disabled.',
    '',
    `fixing permissions on existing directory ${pgdata} ... ok`,
    'creating subdirectories ... ok',
    'selecting dynamic shared memory implementation ... posix',
    'selecting default max_connections ... 100',
    'selecting default shared_buffers ... 128MB',
    'selecting default time zone ... Etc/UTC',
    'creating configuration files ... ok',
    'running bootstrap script ... ok',
    'performing post-bootstrap initialization ... ok',
    'syncing data to disk ... ok',
    '',
    '',
    'Success. You can now start the database server using:',
    '',
    `    pg_ctl -D ${pgdata} -l logfile start`,
    '',
  ]) await line(ctx, l);
  try {
    ctx.fs.mkdir(pgdata, { recursive: true });
    ctx.fs.writeFile(`${pgdata}/PG_VERSION`, `${major}\n`);
    ctx.fs.writeFile(`${pgdata}/postgresql.conf`, "listen_addresses = '*'\n");
  } catch (err) {
    if (!(err instanceof VfsError)) throw err;
    await errLine(ctx, `initdb: error: could not create directory "${pgdata}": ${err.message}`);
    return 1;
  }
  await errLine(ctx, 'initdb: warning: enabling "trust" authentication for local connections');
  await errLine(ctx, 'initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.');
  await line(ctx, 'waiting for server to start.... done');
  await line(ctx, 'server started');
  if (ctx.env.get('POSTGRES_DB') && ctx.env.get('POSTGRES_DB') !== user) await line(ctx, 'CREATE DATABASE');
  await line(ctx, '');
  await line(ctx, '/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*');
  await line(ctx, '');
  await line(ctx, 'waiting for server to shut down.... done');
  await line(ctx, 'server stopped');
  await line(ctx, '');
  await line(ctx, 'PostgreSQL init process complete; ready for start up.');
  await line(ctx, '');
  return undefined;
}

export const postgres: Command = async (ctx) => {
  const pgdata = dataDir(ctx);
  const log = (level: string, text: string) => errLine(ctx, `${pgTime(ctx.clock.now())} [1] ${level}:  ${text}`);
  if (!ctx.fs.exists(`${pgdata}/PG_VERSION`)) {
    await errLine(ctx, `postgres: could not access directory "${pgdata}": No such file or directory`);
    await errLine(ctx, 'Run initdb or pg_basebackup to initialize a PostgreSQL data directory.');
    return 2;
  }
  const version = ctx.env.get('PG_VERSION') ?? '16.6';
  await log('LOG', `starting PostgreSQL ${version} (Debian ${version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`);
  await log('LOG', 'listening on IPv4 address "0.0.0.0", port 5432');
  await log('LOG', 'listening on IPv6 address "::", port 5432');
  await log('LOG', 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"');
  await errLine(ctx, `${pgTime(ctx.clock.now())} [64] LOG:  database system was shut down at ${pgTime(ctx.clock.now())}`);
  await log('LOG', 'database system is ready to accept connections');
  return serve(ctx, [{ port: 5432, tcp: async () => 'N' }], {
    onStop: async () => {
      await log('LOG', 'received smart shutdown request');
      await log('LOG', 'background worker "logical replication launcher" (PID 67) exited with exit code 1');
      await errLine(ctx, `${pgTime(ctx.clock.now())} [62] LOG:  shutting down`);
      await errLine(ctx, `${pgTime(ctx.clock.now())} [62] LOG:  database system is shut down`);
      await log('LOG', 'database system is shut down');
    },
  });
};
