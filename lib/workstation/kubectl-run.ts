/**
 * The workstation's `kubectl` for one learner: the terminal's runner (lib/lab/kubectl/runner.ts:
 * confined, a throwaway directory and kubeconfig per run, the learner's cluster only), within
 * the per-learner run slots, keeping the cluster awake while it runs. `-f editor` sends the
 * bench editor's text; `-f PATH` a file of the resource library.
 */
import { readResource, ResourcePathError } from '../content/resources';
import type { ClusterHandler } from '../lab/kubectl/gateway';
import { ConfinementMissingError } from '../lab/kubectl/confine';
import { KubectlMissingError, runKubectl, type RunOptions } from '../lab/kubectl/runner';
import type { RunSlots } from '../lab/kubectl/slots';
import type { KubectlRun } from './commands';

export interface KubectlRunDeps {
  learnerId: string;
  /** The process's kubectl run slots (the portal context's runSlots). */
  slots: RunSlots;
  cluster: { id: string; token: string; handler: ClusterHandler & { hold?(id: string): () => void } };
  /** The portal's kubectl spawner, host budget and discovery cache (its context's); overrides for tests (tmpRoot, confinement). */
  runner?: Partial<Pick<RunOptions, 'tmpRoot' | 'confinement' | 'allowUnconfined' | 'kubectlPath' | 'spawner' | 'budget' | 'discovery'>>;
}

/** How long a kubectl waits for one of the learner's two run slots (a watch just killed is still closing). */
export const SLOT_WAIT_MS = 2000;

async function acquireSlot(slots: RunSlots, learnerId: string, signal: AbortSignal): Promise<() => void> {
  for (let waited = 0; ; waited += 100) {
    try {
      return slots.acquire(learnerId);
    } catch (e) {
      if (waited >= SLOT_WAIT_MS || signal.aborted) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function kubectlRunFor(deps: KubectlRunDeps): KubectlRun {
  return async (cmd, io) => {
    let stdin: string | undefined;
    if (cmd.file?.kind === 'editor') {
      if (io.editor === undefined) {
        io.onOutput('error: -f editor: the editor content was not sent with this command\n');
        return 1;
      }
      stdin = io.editor;
    } else if (cmd.file?.kind === 'library') {
      try {
        stdin = readResource(cmd.file.path);
      } catch (e) {
        if (!(e instanceof ResourcePathError)) throw e;
        io.onOutput(`error: -f ${cmd.file.path}: no such file in the resource library\n`);
        return 1;
      }
    }
    let release: () => void;
    try {
      release = await acquireSlot(deps.slots, deps.learnerId, io.signal);
    } catch (e) {
      io.onOutput(`kubectl: ${(e as Error).message}\n`);
      return 1;
    }
    const releaseHold = deps.cluster.handler.hold?.(deps.cluster.id) ?? (() => undefined);
    try {
      const r = await runKubectl(cmd, { cluster: deps.cluster, stdin, signal: io.signal, onOutput: io.onOutput, ...deps.runner });
      if (r.stopped === 'cancelled') return 130;
      return r.exitCode ?? 1;
    } catch (e) {
      if (e instanceof KubectlMissingError || e instanceof ConfinementMissingError) {
        io.onOutput(`kubectl: ${e.message}\n`);
        return 127;
      }
      console.error('kubelab workstation: kubectl could not be started:', e);
      io.onOutput('kubectl: could not be started\n');
      return 1;
    } finally {
      releaseHold();
      release();
    }
  };
}
