/**
 * Probe and lifecycle-hook specs → the runtime's Probe, with the API defaults
 * (pkg/apis/core/v1/defaults.go: period 10s, timeout 1s, success 1, failure 3) and named
 * ports resolved against the container's ports as the prober does (findPortByName).
 */
import type { Probe } from '../runtime/types';
import type { ContainerSpec, HandlerSpec, ProbeSpec } from './spec-types';

export class ProbeSpecError extends Error {
  constructor(readonly container: string, message: string) {
    super(message);
    this.name = 'ProbeSpecError';
  }
}

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
}

export function probeTiming(spec: ProbeSpec): ProbeTiming {
  return {
    initialDelayMs: (spec.initialDelaySeconds ?? 0) * 1000,
    periodMs: (spec.periodSeconds ?? 10) * 1000,
    successThreshold: spec.successThreshold ?? 1,
    failureThreshold: spec.failureThreshold ?? 3,
  };
}

function resolvePort(container: ContainerSpec, port: number | string): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = (container.ports ?? []).find((p) => p.name === port);
  if (!named) throw new ProbeSpecError(container.name, `couldn't find port: ${port} in ${container.name}`);
  return named.containerPort;
}

/** The handler as a runtime probe; timeoutMs is the probe's timeout (hooks: the grace left). */
export function handlerProbe(container: ContainerSpec, h: HandlerSpec, timeoutMs: number): Probe | undefined {
  if (h.exec) return { type: 'exec', command: h.exec.command ?? [], timeoutMs };
  if (h.httpGet) {
    return {
      type: 'httpGet',
      path: h.httpGet.path ?? '/',
      port: resolvePort(container, h.httpGet.port),
      ...(h.httpGet.host ? { host: h.httpGet.host } : {}),
      scheme: h.httpGet.scheme ?? 'HTTP',
      ...(h.httpGet.httpHeaders ? { headers: h.httpGet.httpHeaders } : {}),
      timeoutMs,
    };
  }
  if (h.tcpSocket) return { type: 'tcpSocket', port: resolvePort(container, h.tcpSocket.port), ...(h.tcpSocket.host ? { host: h.tcpSocket.host } : {}), timeoutMs };
  if (h.grpc) return { type: 'grpc', port: h.grpc.port, timeoutMs };
  return undefined;
}

export function runtimeProbe(container: ContainerSpec, spec: ProbeSpec): Probe | undefined {
  return handlerProbe(container, spec, (spec.timeoutSeconds ?? 1) * 1000);
}
