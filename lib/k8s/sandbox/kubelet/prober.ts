/**
 * Probe workers for one container run (pkg/kubelet/prober/worker.go): each configured probe
 * runs at start and then every periodSeconds on the cluster clock, skipped before
 * initialDelaySeconds and, for liveness and readiness, until the startup probe passed.
 * successThreshold/failureThreshold consecutive results flip the result; every failure is
 * a Warning Unhealthy event; a liveness or startup failure kills the container.
 */
import type { ClockPort } from '../core/clock-port';
import type { ContainerRun } from './container-run';
import { probeTiming, runtimeProbe, ProbeSpecError } from './probe-spec';
import type { ContainerSpec, ProbeSpec } from './spec-types';
import type { Probe, ProbeResult } from '../runtime/types';

export interface ProberHost {
  clock: ClockPort;
  unhealthy(message: string): void;
  /** A probe result changed what the kubelet reports (started, ready). */
  changed(): void;
  /** Liveness or startup failed: kill the run with this Killing message. */
  kill(run: ContainerRun, message: string): void;
}

type Kind = 'Startup' | 'Liveness' | 'Readiness';

export function startProbes(run: ContainerRun, container: ContainerSpec, host: ProberHost): void {
  if (!container.startupProbe) run.started = true;
  if (!container.readinessProbe) run.ready = true;
  const probes: [Kind, ProbeSpec | undefined][] = [
    ['Startup', container.startupProbe],
    ['Liveness', container.livenessProbe],
    ['Readiness', container.readinessProbe],
  ];
  for (const [kind, spec] of probes) if (spec) loop(run, container, host, kind, spec);
}

function loop(run: ContainerRun, container: ContainerSpec, host: ProberHost, kind: Kind, spec: ProbeSpec): void {
  const timing = probeTiming(spec);
  let probe: Probe | undefined;
  let specError: string | undefined;
  try {
    probe = runtimeProbe(container, spec);
  } catch (e) {
    if (!(e instanceof ProbeSpecError)) throw e;
    specError = e.message;
  }
  let successes = 0;
  let failures = 0;
  let inflight = false;
  let done = false;
  let cancelTick: (() => void) | undefined;
  run.cancels.push(() => cancelTick?.());

  const handle = (r: ProbeResult) => {
    if (done || run.exit || run.stopping) return;
    if (r.ok) {
      successes++;
      failures = 0;
      if (kind === 'Startup' && successes >= 1) {
        run.started = true;
        done = true;
        host.changed();
      } else if (kind === 'Readiness' && !run.ready && successes >= timing.successThreshold) {
        run.ready = true;
        host.changed();
      }
      return;
    }
    failures++;
    successes = 0;
    host.unhealthy(`${kind} probe failed: ${r.output}`);
    if (failures < timing.failureThreshold) return;
    if (kind === 'Readiness') {
      if (run.ready) {
        run.ready = false;
        host.changed();
      }
      return;
    }
    done = true;
    host.kill(run, `Container ${container.name} failed ${kind.toLowerCase()} probe, will be restarted`);
  };

  const tick = () => {
    if (done || run.exit || run.stopping) return;
    cancelTick = host.clock.setTimer(timing.periodMs, tick);
    if (kind !== 'Startup' && !run.started) return;
    if (host.clock.now() - run.startedAt < timing.initialDelayMs) return;
    if (inflight) return;
    if (!probe) return handle({ ok: false, output: specError ?? 'no probe handler' });
    inflight = true;
    run.container.probe(probe).then(
      (r) => {
        inflight = false;
        handle(r);
      },
      (err: unknown) => {
        inflight = false;
        handle({ ok: false, output: String(err) });
      },
    );
  };
  tick();
}
