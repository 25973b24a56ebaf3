/** GET pods/<name>/log: text/plain, container choice, tailLines, sinceSeconds, timestamps, previous, follow. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../errors';
import type { KubeObject } from '../types';
import { formatLogLine, selectLines, type LogStore } from '../logs/log-store';
import type { StorePort } from './ports';
import type { ClockPort } from '../core/clock-port';
import { GR } from '../registry/group-resources';

interface ContainerStatus { name: string; state?: { waiting?: { reason?: string }; running?: unknown; terminated?: unknown } }

function pickContainer(pod: KubeObject, requested: string | null): string {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  const names = (spec.containers ?? []).map((c) => c.name);
  const all = [...names, ...(spec.initContainers ?? []).map((c) => c.name), ...(spec.ephemeralContainers ?? []).map((c) => c.name)];
  const podName = pod.metadata.name!;
  if (requested) {
    if (!all.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  if (names.length === 1) return names[0];
  const defaulted = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (defaulted && names.includes(defaulted)) return defaulted;
  throw errors.badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]${spec.initContainers?.length ? ` or one of the init containers: [${spec.initContainers.map((c) => c.name).join(' ')}]` : ''}${spec.ephemeralContainers?.length ? ` or one of the ephemeral containers: [${spec.ephemeralContainers.map((c) => c.name).join(' ')}]` : ''}`);
}

export function handleLog(
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
  store: StorePort,
  logs: LogStore | undefined,
  clock: ClockPort,
  namespace: string,
  name: string,
): void {
  const pod = store.get(GR.pods, namespace, name);
  if (!pod) throw errors.notFound('pods', '', name);
  const container = pickContainer(pod, q.get('container'));
  const status = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: ContainerStatus[] };
  const cs = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])].find((c) => c.name === container);
  const previous = q.get('previous') === 'true';
  const key = { namespace, pod: name, container };
  const lines = logs?.read({ ...key, previous }) ?? [];
  if (!cs || (cs.state?.waiting && lines.length === 0 && !previous)) {
    const reason = cs?.state?.waiting?.reason ?? 'ContainerCreating';
    throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  if (previous && lines.length === 0) {
    throw errors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  }
  const tailLines = q.get('tailLines') !== null ? Number(q.get('tailLines')) : undefined;
  const sinceSeconds = q.get('sinceSeconds') !== null ? Number(q.get('sinceSeconds')) : undefined;
  const timestamps = q.get('timestamps') === 'true';
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  for (const l of selectLines(lines, { now: clock.now(), tailLines, sinceSeconds })) res.write(formatLogLine(l, timestamps));
  if (q.get('follow') !== 'true' || previous || !logs) {
    res.end();
    return;
  }
  const stop = logs.follow(key, (l) => res.write(formatLogLine(l, timestamps)));
  // Follow ends when the container exits (its stream closes, as the kubelet's does), when the
  // pod is deleted, or when the client goes away.
  const startedAt = runningSince(pod, container);
  let ended = false;
  const watch = store.watch(GR.pods, { namespace, fieldSelector: `metadata.name=${name}` }, (e) => {
    if (e.type === 'DELETED') done();
    else if (e.type === 'ADDED' || e.type === 'MODIFIED') {
      const now = runningSince(e.object, container);
      if (now === 'terminated' || (startedAt !== undefined && now !== startedAt)) queueMicrotask(done);
    }
  });
  function done(): void {
    if (ended) return;
    ended = true;
    stop();
    watch.close();
    res.end();
  }
  req.on('close', done);
}

/** The container's current run: its start time while running, 'terminated' once it exited. */
function runningSince(pod: KubeObject, container: string): string | undefined {
  const st = (pod.status ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
  const cs = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].find((c) => c.name === container);
  if (cs?.state?.terminated) return 'terminated';
  const running = cs?.state?.running as { startedAt?: string } | undefined;
  return running?.startedAt;
}
