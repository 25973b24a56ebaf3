/**
 * Hostile values for the start-up settings added with the sharded, worker-thread portal:
 * KUBELAB_SANDBOX_WORKERS, KUBELAB_SHUTDOWN_SECONDS and KUBELAB_SHARD_ID. Each must be refused by
 * name with a short message that echoes the value escaped (a newline in a setting must not become
 * a new line in the log), and the shard id, which is sent back in X-Kubelab-Shard, must never
 * reach a header with anything but plain characters. After a refusal the parser keeps working.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { shardHeaderValue, SHARD_HEADER } from '../../lib/http/shard-header';
import { shutdownDeadlineMs, ShutdownSettingError } from '../../lib/http/graceful-shutdown';
import { InvalidCapacitySettingError } from '../../lib/k8s/sandbox/capacity';
import { InvalidShardIdError, shardIdFromEnv } from '../../lib/k8s/sandbox/store/product-store';
import { MAX_SANDBOX_WORKERS, sandboxWorkersFromEnv } from '../../lib/k8s/sandbox/workers/settings';

const HUGE = '9'.repeat(10_000);
const INJECT = '2\r\nX-Evil: 1';
const HOSTILE_NUMBERS = ['-1', '1e9', '1e1', '0x10', '2abc', 'NaN', 'Infinity', '1.5', ' 2', '2\n', HUGE, INJECT, '\u0000', '٣'];

/** A refusal: the right error, naming the setting, short, on one line. */
function expectRefused(fn: () => unknown, type: new (...a: never[]) => Error, name: string) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(type);
  const message = (err as Error).message;
  expect(message.startsWith(name)).toBe(true);
  expect(message.length).toBeLessThan(400);
  expect(message).not.toMatch(/[\r\n\u0000]/);
}

describe('KUBELAB_SANDBOX_WORKERS', () => {
  it.each(HOSTILE_NUMBERS.map((v) => [v.length > 20 ? `${v.length} characters` : JSON.stringify(v), v]))('refuses %s by name', (_label, value) => {
    expectRefused(() => sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: value }, 2), InvalidCapacitySettingError, 'KUBELAB_SANDBOX_WORKERS=');
  });

  it('refuses an absurd worker count rather than starting thousands of threads', () => {
    for (const value of [String(MAX_SANDBOX_WORKERS + 1), '10000', '999']) {
      expectRefused(() => sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: value }, 2), InvalidCapacitySettingError, 'KUBELAB_SANDBOX_WORKERS=');
    }
  });

  it('still reads good values after refusals', () => {
    expect(sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: String(MAX_SANDBOX_WORKERS) }, 2)).toBe(MAX_SANDBOX_WORKERS);
    expect(sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: '0' }, 2)).toBe(0);
    expect(sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: '' }, 2)).toBe(1);
  });
});

describe('KUBELAB_SHUTDOWN_SECONDS', () => {
  it.each([...HOSTILE_NUMBERS, '0', '3601'].map((v) => [v.length > 20 ? `${v.length} characters` : JSON.stringify(v), v]))('refuses %s by name', (_label, value) => {
    expectRefused(() => shutdownDeadlineMs({ KUBELAB_SHUTDOWN_SECONDS: value }), ShutdownSettingError, 'KUBELAB_SHUTDOWN_SECONDS=');
  });

  it('still reads good values after refusals', () => {
    expect(shutdownDeadlineMs({ KUBELAB_SHUTDOWN_SECONDS: '3600' })).toBe(3_600_000);
    expect(shutdownDeadlineMs({})).toBe(25_000);
  });
});

describe('KUBELAB_SHARD_ID', () => {
  const BAD_IDS = ['shard-0\r\nX-Evil: 1', 'shard-0\nSet-Cookie: a=b', 'a'.repeat(10_000), 'a'.repeat(129), 'shard 0', 'shard/0', 'шард', '-1\u0000', '<script>', 'a;b'];

  it.each(BAD_IDS.map((v) => [v.length > 30 ? `${v.length} characters` : JSON.stringify(v), v]))('refuses %s by name, before it reaches the header', (_label, value) => {
    expectRefused(() => shardIdFromEnv({ KUBELAB_SHARD_ID: value }, 'host'), InvalidShardIdError, 'KUBELAB_SHARD_ID ');
    expectRefused(() => shardHeaderValue({ KUBELAB_SHARD_ID: value }, shardIdFromEnv), InvalidShardIdError, 'KUBELAB_SHARD_ID ');
  });

  it('refuses a host name that is not plain when no id is given and the store is shared', () => {
    expectRefused(() => shardIdFromEnv({ KUBELAB_SHARD_ID: '  ' }, 'evil\r\nhost'), InvalidShardIdError, 'KUBELAB_SHARD_ID ');
  });

  it('sends only plain ids, and the header arrives as one header', async () => {
    const value = shardHeaderValue({ KUBELAB_SHARD_ID: ' kubelab-3 ' }, shardIdFromEnv);
    expect(value).toBe('kubelab-3');
    const server = http.createServer((_req, res) => {
      res.setHeader(SHARD_HEADER, value!);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get(SHARD_HEADER)).toBe('kubelab-3');
      expect(res.headers.get('x-evil')).toBeNull();
      expect(await res.text()).toBe('ok');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('sends no header on a single machine, whatever its host name', () => {
    expect(shardHeaderValue({}, shardIdFromEnv)).toBeUndefined();
    expect(shardHeaderValue({ KUBELAB_SHARD_ID: '\r\n' }, shardIdFromEnv)).toBeUndefined();
  });
});
