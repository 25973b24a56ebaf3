/**
 * KubeletSet: one Kubelet per Node object, started when a node appears and shut down when
 * it is deleted; the handle the portal uses to cut a node off (setReachable) and the
 * Executor the API server hands `kubectl exec` to.
 */
import type { ClusterComponent, ComponentContext } from '../cluster';
import { GR } from '../controllers/framework/client';
import type { Executor, ExecIO as ApiExecIO, ExecRequest, ExecSession } from '../apiserver/exec';
import { Kubelet } from './kubelet';
import type { ContainerUsage } from '../runtime/types';

export class KubeletSet implements ClusterComponent {
  private readonly kubelets = new Map<string, Kubelet>();
  private readonly unreachable = new Set<string>();
  private watch?: { close(): void };

  constructor(private readonly ctx: ComponentContext) {}

  start(): void {
    this.watch = this.ctx.client.watch(GR.nodes, (e) => {
      const name = e.object?.metadata?.name;
      if (!name) return;
      if (e.type === 'ADDED') this.add(name);
      else if (e.type === 'DELETED') this.remove(name);
    });
    for (const node of this.ctx.client.peekList(GR.nodes)) this.add(node.metadata.name!);
  }

  private add(node: string): void {
    if (this.kubelets.has(node)) return;
    const k = new Kubelet(this.ctx, node);
    this.kubelets.set(node, k);
    k.start();
    if (this.unreachable.has(node)) k.setReachable(false);
  }

  private remove(node: string): void {
    const k = this.kubelets.get(node);
    if (!k) return;
    this.kubelets.delete(node);
    k.shutdown();
  }

  kubelet(node: string): Kubelet | undefined {
    return this.kubelets.get(node);
  }

  setReachable(node: string, reachable: boolean): void {
    if (reachable) this.unreachable.delete(node);
    else this.unreachable.add(node);
    this.kubelets.get(node)?.setReachable(reachable);
  }

  /** A running container's usage (metrics.k8s.io); undefined when it is not running on that node. */
  containerUsage(node: string, namespace: string, pod: string, container: string): ContainerUsage | undefined {
    return this.kubelets.get(node)?.runningContainer(namespace, pod, container)?.usage?.();
  }

  /** kubectl exec: the pod's running container on its node runs the command. */
  executor(): Executor {
    return (req: ExecRequest, io: ApiExecIO): ExecSession => {
      const node = (req.pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
      const running = this.kubelets.get(node)?.runningContainer(req.namespace, req.pod.metadata.name!, req.container);
      if (!running) {
        io.stderr(`error: unable to upgrade connection: container not found ("${req.container}")\n`);
        io.exit(1);
        return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
      }
      if (req.attach) {
        if (!running.attach) {
          io.stderr(`error: attach is not supported by this container runtime\n`);
          io.exit(1);
          return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
        }
        const attached = running.attach({ stdout: (d) => io.stdout(d), stderr: (d) => io.stderr(d), exit: (c) => io.exit(c) }, { stdin: req.stdin });
        return { write: (data) => attached.write(data.toString()), closeStdin: () => attached.closeStdin(), kill: () => attached.kill() };
      }
      const session = running.exec(req.command, { stdout: (d) => io.stdout(d), stderr: (d) => io.stderr(d), exit: (c) => io.exit(c) }, { stdin: req.stdin, tty: req.tty });
      return {
        write: (data) => session.write(data.toString()),
        closeStdin: () => session.closeStdin(),
        resize: session.resize ? (w, h) => session.resize!(w, h) : undefined,
        kill: () => session.kill(),
      };
    };
  }

  stop(): void {
    this.watch?.close();
    for (const k of this.kubelets.values()) k.stop();
  }
}
