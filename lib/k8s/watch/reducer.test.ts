import { describe, expect, it } from 'vitest';
import { itemsOf, reduceCluster, type ClusterEvent, type ClusterState } from './reducer';

const pod = (name: string, rv: string, uid = `uid-${name}`, phase = 'Pending') => ({ metadata: { name, namespace: 'default', uid, resourceVersion: rv }, status: { phase } });
const fold = (events: ClusterEvent[], start: ClusterState = {}) => events.reduce(reduceCluster, start);

describe('the cluster state reducer', () => {
  it('replaces a resource on a snapshot and marks it synced', () => {
    const s = fold([
      { type: 'ADDED', resource: 'pods', object: pod('stale', '1') },
      { type: 'SNAPSHOT', resource: 'pods', items: [pod('a', '5'), pod('b', '6')], resourceVersion: '7' },
    ]);
    expect(itemsOf(s, 'pods').map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    expect(s.pods).toMatchObject({ resourceVersion: '7', synced: true });
  });

  it('upserts newer objects and ignores an event older than the object it holds', () => {
    const s = fold([
      { type: 'SNAPSHOT', resource: 'pods', items: [], resourceVersion: '1' },
      { type: 'ADDED', resource: 'pods', object: pod('a', '10') },
      { type: 'MODIFIED', resource: 'pods', object: pod('a', '12', 'uid-a', 'Running') },
      { type: 'MODIFIED', resource: 'pods', object: pod('a', '11', 'uid-a', 'Pending') },
    ]);
    expect(itemsOf(s, 'pods')[0].status).toEqual({ phase: 'Running' });
    expect(s.pods?.resourceVersion).toBe('12');
  });

  it('removes deleted objects but not a newer incarnation with the same name', () => {
    const s = fold([
      { type: 'ADDED', resource: 'pods', object: pod('web-0', '3', 'old') },
      { type: 'DELETED', resource: 'pods', object: pod('web-0', '4', 'old') },
      { type: 'ADDED', resource: 'pods', object: pod('web-0', '5', 'new') },
      { type: 'DELETED', resource: 'pods', object: pod('web-0', '6', 'old') },
    ]);
    expect(itemsOf(s, 'pods').map((p) => p.metadata?.uid)).toEqual(['new']);
  });

  it('keeps resources independent and the state immutable', () => {
    const before: ClusterState = {};
    const after = reduceCluster(before, { type: 'ADDED', resource: 'jobs', object: { metadata: { name: 'pi', namespace: 'default', resourceVersion: '2' } } });
    expect(before).toEqual({});
    expect(itemsOf(after, 'pods')).toEqual([]);
    expect(itemsOf(after, 'jobs')).toHaveLength(1);
  });
});
