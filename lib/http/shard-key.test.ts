import { describe, expect, it } from 'vitest';
import { newClusterId, SHARD_KEY_LENGTH, shardKeyOfClusterId, shardKeyOfCookieHeader, NGINX_COOKIE_KEY, NGINX_KEYED_PATH } from './shard-key';
import { issueLearnerCookieValue } from '../learners/identity';

const KEY = Buffer.alloc(32, 7);

describe('the learner shard key', () => {
  it('is the start of the first kubelab_learner cookie, the one NGINX reads', () => {
    const value = issueLearnerCookieValue(KEY);
    expect(shardKeyOfCookieHeader(`other=1; kubelab_learner=${value}; kubelab_learner=zzzzzzzz`)).toBe(value.slice(0, SHARD_KEY_LENGTH));
    expect(shardKeyOfCookieHeader('other=1')).toBeUndefined();
    expect(shardKeyOfCookieHeader(undefined)).toBeUndefined();
    expect(shardKeyOfCookieHeader('kubelab_learner=ab')).toBeUndefined();
    expect(shardKeyOfCookieHeader('kubelab_learner=a/b+c=d.e')).toBeUndefined();
  });

  it('starts a new cluster id, which gives it back; without a key the id has the old form and no key', () => {
    const id = newClusterId('Ab_-9z');
    expect(id).toMatch(/^kAb_-9z[0-9a-f]{26}$/);
    expect(shardKeyOfClusterId(id)).toBe('Ab_-9z');
    const old = newClusterId(undefined);
    expect(old).toMatch(/^c[0-9a-f]{32}$/);
    expect(shardKeyOfClusterId(old)).toBeUndefined();
    expect(newClusterId('a/b')).toMatch(/^c[0-9a-f]{32}$/);
  });

  it('is what the NGINX expressions capture from the cookie and from a /k8s path (PCRE named groups read as JavaScript ones)', () => {
    const value = issueLearnerCookieValue(KEY);
    const key = shardKeyOfCookieHeader(`kubelab_learner=${value}`)!;
    const id = newClusterId(key);
    expect(new RegExp(NGINX_COOKIE_KEY).exec(value)?.groups?.kubelab_ckey).toBe(key);
    expect(new RegExp(NGINX_KEYED_PATH).exec(`/k8s/${id}/api/v1/pods`)?.groups?.kubelab_key).toBe(key);
    expect(new RegExp(NGINX_KEYED_PATH).exec(`/k8s/${id}`)?.groups?.kubelab_key).toBe(key);
    expect(new RegExp(NGINX_KEYED_PATH).test(`/k8s/${newClusterId(undefined)}/api`)).toBe(false);
    expect(new RegExp(NGINX_KEYED_PATH).test(`/k8s/${id}x/api`)).toBe(false);
  });
});
