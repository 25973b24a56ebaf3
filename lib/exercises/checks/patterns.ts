/** Checks about multi-container pods: an ambassador that forwards, an adapter that emits JSON. */
import type { KubeObject } from '../../k8s/sandbox';
import { containerStatuses, isPodReady, listWords, named, type ContainerStatus } from '../k8s-objects';
import { ViewExecError, type Check, type CheckResult } from '../view';
import { blame, imageFault, POD_SPEC, scriptField } from './blame';

export interface PodRef {
  namespace: string;
  pod: string;
}

type Readiness = CheckResult | { pod: KubeObject; statuses: ContainerStatus[] };

/** Every container of the pod is ready. */
function readiness(ref: PodRef, view: Parameters<Check>[0]): Readiness {
  const pod = named(view.list('pods', ref.namespace), ref.pod);
  if (!pod) return { passed: false, saw: `there is no pod ${ref.pod} yet` };
  const statuses = containerStatuses(pod);
  const notReady = statuses.filter((c) => !c.ready).map((c) => `${c.name} (${c.state?.waiting?.reason ?? (c.state?.terminated ? `exited ${c.state.terminated.exitCode}` : 'starting')})`);
  if (!isPodReady(pod) || notReady.length) {
    const image = imageFault([pod], pod, POD_SPEC);
    return { passed: false, saw: `${ref.pod} is ${statuses.filter((c) => c.ready).length}/${statuses.length} ready: ${listWords(notReady) || 'not Ready yet'}`, ...(image ? blame(pod, image.field) : {}) };
  }
  return { pod, statuses };
}

/** The script of a container of the pod: what makes its output. */
function script(pod: KubeObject, container: string) {
  const field = scriptField(pod, POD_SPEC, container);
  return field ? blame(pod, field) : {};
}

/**
 * The pod is fully ready and the app container's own outgoing call to localhost:<port> (where
 * the ambassador listens) comes back from the backend. The call is made with busybox's wget,
 * which is what the app container of the exercise ships.
 */
export function ambassadorForwards(ref: PodRef & { container: string; port: number; expect: string; config: { configMap: string; key: string } }): Check {
  return async (view) => {
    const ready = readiness(ref, view);
    if (!('pod' in ready)) return ready;
    try {
      const r = await view.exec(ref.namespace, ref.pod, ref.container, ['wget', '-qO-', `http://localhost:${ref.port}/`]);
      if (r.code === 0 && r.out.includes(ref.expect)) return { passed: true, saw: `${ref.pod} is ${ready.statuses.length}/${ready.statuses.length} ready, and ${ref.container}'s call to localhost:${ref.port} came back from the backend ("${ref.expect}")` };
      return { passed: false, saw: `${ref.container}'s call to localhost:${ref.port} in ${ref.pod} answered ${r.out.trim().slice(0, 120) || `nothing (exit code ${r.code})`}`,
        // The ambassador forwards where its configuration says: the backend address is there.
        field: `data["${ref.config.key}"]`,
        object: { kind: 'ConfigMap', name: ref.config.configMap, namespace: ref.namespace },
      };
    } catch (err) {
      if (err instanceof ViewExecError) return { passed: false, saw: err.message };
      throw err;
    }
  };
}

/**
 * The adapter container's log lines are JSON objects with the given fields (at least `min`
 * lines). With `raw`, a field that still contains the marker of the raw input line fails: an
 * adapter must take the line apart, not wrap it whole.
 */
export function adapterEmitsJson(ref: PodRef & { container: string; fields: string[]; min: number; raw?: { field: string; marker: string } }): Check {
  return async (view) => {
    const ready = readiness(ref, view);
    if (!('pod' in ready)) return ready;
    const lines = view.logs(ref.namespace, ref.pod, ref.container).filter((l) => l.trim());
    if (lines.length < ref.min) return { passed: false, saw: `${ref.container} has logged ${lines.length} line${lines.length === 1 ? '' : 's'} so far; wait a few seconds` };
    for (const [i, line] of lines.entries()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return { passed: false, saw: `line ${i + 1} of ${ref.container}'s log is not JSON: ${line.slice(0, 100)}`, ...script(ready.pod, ref.container) };
      }
      const missing = ref.fields.filter((f) => typeof parsed !== 'object' || parsed === null || !(f in parsed));
      if (missing.length) return { passed: false, saw: `line ${i + 1} of ${ref.container}'s log has no ${listWords(missing)} field: ${line.slice(0, 100)}`, ...script(ready.pod, ref.container) };
      const rawValue = ref.raw ? (parsed as Record<string, unknown>)[ref.raw.field] : undefined;
      if (ref.raw && typeof rawValue === 'string' && rawValue.includes(ref.raw.marker)) {
        return { passed: false, saw: `line ${i + 1} of ${ref.container}'s log puts the whole input line into ${ref.raw.field} (${rawValue.slice(0, 80)}); keep only the ${ref.raw.field} part`, ...script(ready.pod, ref.container) };
      }
    }
    return { passed: true, saw: `all ${lines.length} lines of ${ref.container}'s log are JSON objects with ${listWords(ref.fields)}` };
  };
}
