/**
 * A pod name split for a chip too narrow for it: the start (the workload's name, which may be
 * cut with an ellipsis) and the end (the generated suffix, always shown), so
 * `log-collector-48prz` reads `log-coll…-48prz` rather than `…ctor-48prz`.
 */
export function splitPodName(name: string): { head: string; tail: string } {
  const dash = name.lastIndexOf('-');
  // A generated suffix is short (ReplicaSet's 5 characters, a StatefulSet's ordinal, a Job's 5).
  if (dash > 0 && name.length - dash <= 6) return { head: name.slice(0, dash), tail: name.slice(dash) };
  if (name.length <= 8) return { head: name, tail: '' };
  return { head: name.slice(0, -4), tail: name.slice(-4) };
}
