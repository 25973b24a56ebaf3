import { describe, expect, it } from 'vitest';
import { InvalidShardIdError, shardIdFromEnv } from '../k8s/sandbox/store/product-store';
import { shardHeaderValue } from './shard-header';

describe('the X-Kubelab-Shard header', () => {
  it('names the shard when the portal runs as one, and is not sent by a single portal', () => {
    expect(shardHeaderValue({ KUBELAB_SHARD_ID: 'kubelab-2' }, shardIdFromEnv)).toBe('kubelab-2');
    expect(shardHeaderValue({ KUBELAB_DATABASE_URL: 'postgres://db/kubelab' }, shardIdFromEnv)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(shardHeaderValue({}, shardIdFromEnv)).toBeUndefined();
    expect(shardHeaderValue({ KUBELAB_SHARD_ID: '  ' }, shardIdFromEnv)).toBeUndefined();
  });

  it('refuses a shard id that is not plain, as the store does', () => {
    expect(() => shardHeaderValue({ KUBELAB_SHARD_ID: 'a\r\nSet-Cookie: x=1' }, shardIdFromEnv)).toThrow(InvalidShardIdError);
  });
});
