/**
 * The SandboxFront over a SandboxHost in this thread: what the portal uses with
 * KUBELAB_SANDBOX_WORKERS=0, and what each sandbox worker wraps around its own host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClusterRecord } from '../records-file';
import type { ClusterNetwork } from '../network/types';
import type { SandboxHost } from '../host';
import { openHostStream } from './open-stream';
import type { ClusterOperation, ClusterOperations, ClusterStreams, SandboxFront, StreamSink } from './front';

export class LocalSandboxFront implements SandboxFront {
  constructor(readonly host: SandboxHost, private readonly operations: ClusterOperations, private readonly streams?: ClusterStreams) {}

  has(id: string): boolean {
    return this.host.has(id);
  }

  record(id: string): ClusterRecord | undefined {
    return this.host.record(id);
  }

  async createCluster(opts: { workers?: number; id?: string; token?: string } = {}): Promise<ClusterRecord> {
    return this.host.createCluster(opts).record;
  }

  async wake(id: string): Promise<ClusterRecord> {
    // The answer only says it is awake: its controllers start after (SandboxHost.startSoon).
    return this.host.wake(id, { startLater: true }).record;
  }

  async hold(id: string): Promise<() => void> {
    return this.host.hold(id);
  }

  touch(id: string): void {
    this.host.touch(id);
  }

  async takePausedSeconds(id: string): Promise<number | undefined> {
    return this.host.takePausedSeconds(id);
  }

  async deleteCluster(id: string): Promise<void> {
    this.host.deleteCluster(id);
  }

  listClusters(): ClusterRecord[] {
    return this.host.listClusters();
  }

  serverURL(base: string, id: string): string {
    return this.host.serverURL(base, id);
  }

  kubeconfigTls() {
    return this.host.kubeconfigTls();
  }

  async run(id: string, operation: ClusterOperation, opts: { ifAwake?: boolean } = {}): Promise<unknown> {
    const entry = opts.ifAwake ? this.host.getCluster(id) : this.host.wake(id);
    if (!entry) return undefined;
    return this.operations(entry.cluster, operation);
  }

  stream(id: string, stream: ClusterOperation, sink: StreamSink): () => void {
    return openHostStream(this.host, this.streams, id, stream, (chunk) => sink.chunk(chunk));
  }

  network(id: string): ClusterNetwork | undefined {
    const runtime = this.host.getCluster(id)?.cluster.context.runtime as { network?: ClusterNetwork } | undefined;
    return runtime?.network;
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    return this.host.handleRequest(req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    return this.host.handleUpgrade(req, socket, head);
  }

  async close(): Promise<void> {
    this.host.close();
  }
}
