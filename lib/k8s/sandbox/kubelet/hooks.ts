/**
 * Lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): exec runs in the container, httpGet
 * and tcpSocket go through the runtime's prober, sleep waits on the cluster clock. The
 * failure message is the one the FailedPostStartHook / FailedPreStopHook events carry.
 */
import type { ClockPort } from '../core/clock-port';
import type { RunningContainer } from '../runtime/types';
import { handlerProbe } from './probe-spec';
import type { ContainerSpec, HandlerSpec } from './spec-types';

export interface HookResult {
  ok: boolean;
  /** The event message when !ok. */
  message: string;
}

export function runHook(
  running: RunningContainer,
  container: ContainerSpec,
  handler: HandlerSpec,
  podDesc: string,
  timeoutMs: number,
  clock: ClockPort,
): Promise<HookResult> {
  if (handler.sleep) {
    return new Promise((resolve) => clock.setTimer(handler.sleep!.seconds * 1000, () => resolve({ ok: true, message: '' })));
  }
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    return new Promise((resolve) => {
      let output = '';
      running.exec(command, {
        stdout: (d) => (output += d),
        stderr: (d) => (output += d),
        exit: (code) => {
          if (code === 0) return resolve({ ok: true, message: '' });
          const err = `command '${command.join(' ')}' exited with ${code}: ${output}`;
          resolve({ ok: false, message: `Exec lifecycle hook ([${command.join(' ')}]) for Container "${container.name}" in Pod "${podDesc}" failed - error: ${err}, message: ${JSON.stringify(output)}` });
        },
      }, { stdin: false, tty: false });
    });
  }
  const probe = handlerProbe(container, handler, timeoutMs);
  if (!probe) return Promise.resolve({ ok: true, message: '' });
  return running.probe(probe).then((r) => {
    if (r.ok) return { ok: true, message: '' };
    const what = handler.httpGet ? `HTTP lifecycle hook (${handler.httpGet.path ?? ''})` : 'TCP lifecycle hook';
    return { ok: false, message: `${what} for Container "${container.name}" in Pod "${podDesc}" failed - error: ${r.output}` };
  });
}
