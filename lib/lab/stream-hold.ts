/**
 * An event stream that watches a cluster keeps it awake (clusters sleep when idle). The stream
 * has already taken its stream slot (lib/http/stream-slots.ts); if waking the cluster fails the
 * slot is freed before the error goes on, so a failed open never keeps a slot.
 */
export async function holdClusterForStream(freeSlot: () => void, hold: () => (() => void) | Promise<() => void>): Promise<() => void> {
  let releaseCluster: () => void;
  try {
    releaseCluster = await hold();
  } catch (err) {
    freeSlot();
    throw err;
  }
  /** Lets go of the cluster and frees the stream slot. */
  return () => {
    releaseCluster();
    freeSlot();
  };
}
