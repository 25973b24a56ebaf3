/**
 * One shard key per learner, readable by an ingress from every request of theirs. Pages and the
 * portal's API carry the learner cookie; the learner's own kubectl carries their cluster id in
 * the path (/k8s/<id>/...). So a learner's cluster id starts with a key taken from their cookie:
 * the first SHARD_KEY_LENGTH characters of the cookie's secret. NGINX extracts the same
 * characters from `$cookie_kubelab_learner` and from `$uri` with a `map`
 * (lib/deploy/nginx-shards.ts) and hashes both by `hash $kubelab_shard_key consistent`, so the
 * learner's pages, streams, terminal and kubectl all reach one shard.
 *
 * Cluster ids of the old form (`c` + 32 hex digits) carry no key: NGINX hashes them by the
 * whole id, as before. The key reveals 36 of the secret's 256 random bits, which leaves the
 * cookie unguessable.
 */
import { randomBytes } from 'node:crypto';
import { LEARNER_COOKIE } from '../learners/identity';

export const SHARD_KEY_LENGTH = 6;
/** Cluster ids that carry a shard key start with this letter (old ids start with `c`). */
export const KEYED_CLUSTER_PREFIX = 'k';
const KEY_FORMAT = new RegExp(`^[A-Za-z0-9_-]{${SHARD_KEY_LENGTH}}`);
const WHOLE_KEY = new RegExp(`${KEY_FORMAT.source}$`);
/** 13 random bytes (104 bits) after the key: the id stays 33 characters long, like the old ones. */
const RANDOM_BYTES = 13;
const KEYED_ID = new RegExp(`^${KEYED_CLUSTER_PREFIX}([A-Za-z0-9_-]{${SHARD_KEY_LENGTH}})[0-9a-f]{${RANDOM_BYTES * 2}}$`);

/**
 * The shard key of a Cookie header: from the first `kubelab_learner` cookie, the one NGINX's
 * `$cookie_kubelab_learner` reads (not necessarily the one the portal verifies first, so the
 * routing and the id agree even when a browser sends two). Undefined without one.
 */
export function shardKeyOfCookieHeader(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== LEARNER_COOKIE) continue;
    return KEY_FORMAT.exec(part.slice(i + 1).trim())?.[0];
  }
  return undefined;
}

/** A new cluster id that routes with the learner of `shardKey`; the old form without a key. */
export function newClusterId(shardKey: string | undefined): string {
  if (shardKey === undefined || !WHOLE_KEY.test(shardKey)) return `c${randomBytes(16).toString('hex')}`;
  return `${KEYED_CLUSTER_PREFIX}${shardKey}${randomBytes(RANDOM_BYTES).toString('hex')}`;
}

/** The shard key a cluster id carries, or undefined for an id of the old form. */
export function shardKeyOfClusterId(id: string): string | undefined {
  return KEYED_ID.exec(id)?.[1];
}

/** The NGINX regular expression (PCRE) for a keyed cluster id's path, captured as `kubelab_key`. Kept beside the format it reads. */
export const NGINX_KEYED_PATH = `^/k8s/${KEYED_CLUSTER_PREFIX}(?<kubelab_key>[A-Za-z0-9_-]{${SHARD_KEY_LENGTH}})[0-9a-f]{${RANDOM_BYTES * 2}}(?:/|$)`;
/** The NGINX regular expression for the learner cookie's key, captured as `kubelab_ckey`. */
export const NGINX_COOKIE_KEY = `^(?<kubelab_ckey>[A-Za-z0-9_-]{${SHARD_KEY_LENGTH}})`;
