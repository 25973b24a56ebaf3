/**
 * The learner shard key comes from a cookie the client controls and ends up in a cluster id,
 * which appears in URL paths, kubeconfigs and the store. Whatever the cookie holds, the id stays
 * 33 characters of [A-Za-z0-9_-] starting with k (a key) or c (no usable key).
 */
import { describe, expect, it } from 'vitest';
import { newClusterId, shardKeyOfCookieHeader } from '../../lib/http/shard-key';

const HOSTILE_COOKIES = [
  'kubelab_learner=../../etc/passwd',
  'kubelab_learner=%2e%2e%2f%2e%2e',
  'kubelab_learner=/k8s/x',
  'kubelab_learner=ab\u0000cdef',
  'kubelab_learner=äöüßéè.sig',
  'kubelab_learner=      ',
  'kubelab_learner=',
  `kubelab_learner=${'A'.repeat(100_000)}`,
  'kubelab_learner',
  ';;;==;kubelab_learner==abcdef',
  'kubelab_learner="abcdef"',
];

describe('hostile learner cookies and the shard key', () => {
  it.each(HOSTILE_COOKIES.map((cookie, i) => [i, cookie] as const))('cookie %i makes a plain cluster id', (_i, cookie) => {
    const key = shardKeyOfCookieHeader(cookie);
    if (key !== undefined) expect(key).toMatch(/^[A-Za-z0-9_-]{6}$/);
    expect(newClusterId(key)).toMatch(/^(k[A-Za-z0-9_-]{6}[0-9a-f]{26}|c[0-9a-f]{32})$/);
  });

  it('refuses a key given directly that is not six base64url characters', () => {
    for (const key of ['', 'abc', 'abcdefg', '../../', 'ab/cde', 'ab cde', 'abcde\n']) expect(newClusterId(key)).toMatch(/^c[0-9a-f]{32}$/);
  });
});
