/**
 * The container runtime interface: the one contract between the simulated kubelet
 * (kubelet/, which decides when containers start, restart and stop) and the runtime
 * (runtime/, which decides what a container does once started: a shell over a virtual
 * filesystem, or a modelled server image). The kubelet never knows how commands run;
 * the runtime never writes Kubernetes objects.
 *
 * Time: everything the runtime does waits on the cluster clock (ClockPort.setTimer), so a
 * ManualClock test moves it by advancing time, and "advance 1 hour" runs an hour of loops.
 */

// ---------- images ----------

export type ImagePullResult =
  | { ok: true; imageRef: string; imageID: string; sizeBytes: number; /** Virtual ms the pull takes. */ pullMs: number }
  | {
      ok: false;
      /** ErrImagePull for unknown repos or tags, InvalidImageName for malformed references. */
      reason: 'ErrImagePull' | 'InvalidImageName';
      /** The kubelet's message, e.g. `failed to pull and unpack image "docker.io/library/nosuch:1": ... not found`. */
      message: string;
    };

export interface ImageService {
  /** Looks the image up in the catalog; the kubelet waits pullMs before reporting Pulled. */
  pull(image: string): ImagePullResult;
  /** True if this node already has the image (imagePullPolicy IfNotPresent skips the pull). */
  present(node: string, image: string): boolean;
  /** Records that node now has the image. */
  markPresent(node: string, image: string): void;
}

// ---------- volumes ----------

export type VolumeSource =
  /** Shared by a pod's containers; removed with the pod (removePod). */
  | { type: 'emptyDir'; podUid: string; volume: string; sizeLimitBytes?: number }
  /** One tree per node: fluentd on worker-1 sees worker-1's /var/log. */
  | { type: 'hostPath'; node: string; path: string; hostPathType?: string }
  /** A PersistentVolume's data (by PV name): it outlives pods. */
  | { type: 'persistent'; volumeName: string }
  /** Files the kubelet projects: configMap, secret, downwardAPI, projected (path → content). */
  | { type: 'files'; files: Record<string, string>; defaultMode?: number };

export interface Mount {
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
  source: VolumeSource;
}

// ---------- containers ----------

export interface ContainerConfig {
  namespace: string;
  podName: string;
  podUid: string;
  nodeName: string;
  podIP: string;
  /** spec.hostname or the pod name; `hostname` prints it. */
  hostname: string;
  /** spec.subdomain (StatefulSet serviceName), for `hostname -f` and search domains. */
  subdomain?: string;
  containerName: string;
  image: string;
  /** Container spec command/args, unresolved: the runtime applies the image's entrypoint/cmd. */
  command?: string[];
  args?: string[];
  /** Resolved by the kubelet (valueFrom, $(VAR) expansion), plus the Service env vars. */
  env: { name: string; value: string }[];
  workingDir?: string;
  mounts: Mount[];
  ports: { containerPort: number; protocol?: string; name?: string }[];
  /** resources.limits.memory in bytes, if set: file/buffer use beyond it is OOMKilled. */
  memoryLimitBytes?: number;
  /** stdin/tty from the spec: the main process reads EOF unless stdin is true; kubectl attach -i writes to it. */
  stdin?: boolean;
  tty?: boolean;
  /** An ephemeral container's targetContainerName: it joins that running container's process namespace (ps, kill). */
  targetContainerName?: string;
  /** spec.shareProcessNamespace: every container of the pod in one process namespace, whose PID 1 is the pause process. */
  shareProcessNamespace?: boolean;
}

/** A line the container wrote, without its newline; partial last lines are flushed at exit. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ContainerExit {
  exitCode: number;
  /** Completed (0), Error (non-zero), OOMKilled (memory budget), ContainerCannotRun (bad command). */
  reason: 'Completed' | 'Error' | 'OOMKilled' | 'ContainerCannotRun';
  /** Set when a signal ended it (exit code 128 + signal). */
  signal?: number;
  /** A short note for the terminated state's message (e.g. why the budget killed it). */
  message?: string;
}

export type Signal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP';

export interface ExecIO {
  stdout(data: string): void;
  stderr(data: string): void;
  exit(code: number): void;
}

export interface ExecSession {
  /** A promise when the process's stdin is full: the caller stops reading its client until it resolves. */
  write(data: string): void | Promise<void>;
  closeStdin(): void;
  resize?(width: number, height: number): void;
  kill(): void;
}

export type Probe =
  | { type: 'exec'; command: string[]; timeoutMs: number }
  | { type: 'httpGet'; path: string; port: number; host?: string; scheme?: 'HTTP' | 'HTTPS'; headers?: { name: string; value: string }[]; timeoutMs: number }
  | { type: 'tcpSocket'; port: number; host?: string; timeoutMs: number }
  | { type: 'grpc'; port: number; timeoutMs: number };

export interface ProbeResult {
  ok: boolean;
  /** For events: `Liveness probe failed: HTTP probe failed with statuscode: 500`. */
  output: string;
}

export interface RunningContainer {
  /** Resolves once, when the main process ends. */
  readonly exited: Promise<ContainerExit>;
  /** SIGTERM runs the script's trap (or ends it); SIGKILL ends it at once with 137. */
  signal(sig: Signal): void;
  /** kubectl exec: runs command in the container's filesystem and environment. */
  exec(command: string[], io: ExecIO, opts: { stdin: boolean; tty: boolean }): ExecSession;
  /**
   * kubectl attach: the main process's output from now on, and (spec.stdin true) its stdin; exit
   * is called when the container ends. kill() only detaches: the container keeps running.
   */
  attach?(io: ExecIO, opts: { stdin: boolean }): ExecSession;
  probe(probe: Probe): Promise<ProbeResult>;
  /** TCP ports a process in the container listens on now. */
  listeningPorts(): number[];
  /** Resource usage for metrics.k8s.io; runtimes without it report none. */
  usage?(): ContainerUsage;
}

/** A container's usage as the simulation produces it (kubelet/metrics.ts turns it into metrics). */
export interface ContainerUsage {
  /** Interpreter steps its processes have run since it started. */
  cpuSteps: number;
  /** Steps one busy process runs per (virtual) second: one core. */
  stepsPerSecond: number;
  /** Live processes' resident memory and the bytes of the files it holds, at most its limit. */
  memoryBytes: number;
}

export interface ContainerRuntime {
  readonly images: ImageService;
  /**
   * Starts a container; output goes to onOutput line by line as produced. Throws
   * ContainerConfigError for what the kubelet reports as CreateContainerError (e.g. a
   * missing subPath), never for what the command does.
   */
  start(config: ContainerConfig, onOutput: (line: OutputLine) => void): RunningContainer;
  /** The pod is gone: drop its emptyDirs and network registrations. */
  removePod(podUid: string): void;
  /** Frees everything (cluster deleted). */
  close(): void;
}

export class ContainerConfigError extends Error {
  constructor(readonly container: string, message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}
