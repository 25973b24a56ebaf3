import { describe, expect, it } from 'vitest';
import { storedMeta } from './object-meta';

describe('storedMeta', () => {
  it('puts the server fields in, in the order a real API server writes ObjectMeta, and keeps what else the client sent', () => {
    const meta = storedMeta(
      { managedFields: [], labels: { app: 'a' }, name: 'web', uid: 'client-uid', namespace: 'elsewhere', ...({ extra: 1 } as object) },
      { namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z', deletionTimestamp: undefined, deletionGracePeriodSeconds: undefined },
    );
    expect(Object.keys(meta)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'labels', 'managedFields', 'extra']);
    expect(meta).toMatchObject({ name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 2 });
  });

  it('leaves out a server field given as undefined even when the client sent it', () => {
    const meta = storedMeta({ name: 'a', deletionTimestamp: '2025-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 }, { namespace: undefined, uid: 'u', resourceVersion: undefined, generation: 1, creationTimestamp: 't', deletionTimestamp: undefined, deletionGracePeriodSeconds: undefined });
    expect(meta).toEqual({ name: 'a', uid: 'u', generation: 1, creationTimestamp: 't' });
    expect('deletionTimestamp' in meta).toBe(false);
  });
});
