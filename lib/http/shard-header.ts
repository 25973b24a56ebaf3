/**
 * X-Kubelab-Shard: which shard answered, on every response of a sharded portal, so an operator
 * (and the multi-shard test) can see where the ingress sent a learner. Sent only when the portal
 * runs as a shard (KUBELAB_SHARD_ID or KUBELAB_DATABASE_URL set): one machine does not hand its
 * host name to every visitor.
 */
export const SHARD_HEADER = 'x-kubelab-shard';

type Env = Record<string, string | undefined>;

/**
 * The header's value for this process, or undefined when it is not a shard. `shardId` is the
 * store's shardIdFromEnv (passed in: lib/http does not reach into the sandbox), so the header
 * names the shard its leases name, and a shard id that is not plain is refused the same way.
 */
export function shardHeaderValue(env: Env, shardId: (env: Env) => string): string | undefined {
  if (!env.KUBELAB_SHARD_ID?.trim() && !env.KUBELAB_DATABASE_URL?.trim()) return undefined;
  return shardId(env);
}
