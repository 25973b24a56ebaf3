/**
 * The workstation's own commands: `kubectl` (the real, confined one, through an injected
 * runner; its output flows into the shell's pipes), `kubectl port-forward` as a built-in on
 * the cluster's virtual network (real kubectl would open a port on the server), `watch`,
 * `clear` and `help`. Everything else is the sandbox shell's utilities.
 */
import { checkWords, CommandRefusedError, type AllowedCommand } from '../lab/kubectl/allowlist';
import type { CommandTable } from '../k8s/sandbox/runtime/shell/command';
import type { ShellCommandContext } from '../k8s/sandbox/runtime/shell/context';

/** Runs an allowed kubectl; output chunks as they come; resolves with the exit status. */
export type KubectlRun = (cmd: AllowedCommand, io: { stdin?: string; editor?: string; signal: AbortSignal; onOutput(chunk: string): void }) => Promise<number>;

/** A local port's destination; a promise while the port-forward still looks its target up. */
export type ForwardTarget = { ip: string; port: number } | Promise<{ ip: string; port: number } | undefined>;

/** Where a port-forward goes: the target's cluster IP and port, or why it cannot. */
export type ForwardResolver = (target: { kind: string; name: string; namespace?: string }, remotePort: number) => Promise<{ ip: string; port: number } | { error: string }>;

interface WorkstationLike {
  binding: { kubectl: KubectlRun; resolveForward: ForwardResolver; editor?: string };
  forwards: Map<number, ForwardTarget>;
  refused(message: string): boolean;
  /** Told when a kubectl passed the allowlist and starts. */
  startedKubectl(): void;
}

const WATCH_MIN_SECONDS = 1;
const WATCH_MAX_ROUNDS = 600;

function abortedStatus(signal: AbortSignal): number {
  return signal.aborted ? 130 : 1;
}

/** `kubectl …`: checked by the terminal's allowlist, then run for real against the learner's cluster. */
function kubectl(ws: WorkstationLike) {
  return async (ctx: ShellCommandContext): Promise<number> => {
    const args = ctx.argv.slice(1);
    if (args[0] === 'port-forward' || (args.includes('port-forward') && args.indexOf('port-forward') <= 2)) return portForward(ws, ctx, args);
    let cmd: AllowedCommand;
    try {
      cmd = checkWords(['kubectl', ...args]);
    } catch (e) {
      if (!(e instanceof CommandRefusedError)) throw e;
      if (!ws.refused(e.message)) await ctx.stderr.write(`kubectl: ${e.message}\n`);
      return 1;
    }
    ws.startedKubectl();
    // Stops kubectl when the learner presses Ctrl+C, or when the reader of its pipe went away (| head -1).
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    let writes: Promise<void> = Promise.resolve();
    try {
      const status = await ws.binding.kubectl(cmd, {
        editor: ws.binding.editor,
        signal: stop.signal,
        onOutput: (chunk) => {
          // In order, and respecting the pipe's back-pressure as far as a child's output can.
          writes = writes.then(() => ctx.stdout.write(chunk)).catch(() => stop.abort());
        },
      });
      await writes;
      return ctx.signal.aborted ? 130 : status;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  };
}

const PORT = /^\d{1,5}$/;

/** `kubectl port-forward [-n NS] TYPE/NAME [LOCAL:]REMOTE…`: listens on the workstation's 127.0.0.1 only, virtually. */
async function portForward(ws: WorkstationLike, ctx: ShellCommandContext, args: string[]): Promise<number> {
  let namespace: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'port-forward') continue;
    if (a === '-n' || a === '--namespace') namespace = args[++i];
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else if (a.startsWith('-n') && a.length > 2) namespace = a.slice(2);
    else if (a === '--address' || a.startsWith('--address=')) {
      const v = a.includes('=') ? a.slice(10) : args[++i];
      if (v !== 'localhost' && v !== '127.0.0.1') {
        await ctx.stderr.write(`kubectl port-forward: --address ${v} is refused: the forward listens on the workstation's localhost only\n`);
        return 1;
      }
    } else if (a.startsWith('-')) {
      await ctx.stderr.write(`kubectl port-forward: ${a} is not supported here; use kubectl port-forward [-n NAMESPACE] TYPE/NAME [LOCAL_PORT:]REMOTE_PORT\n`);
      return 1;
    } else positional.push(a);
  }
  const [target, ...ports] = positional;
  if (!target || ports.length === 0) {
    await ctx.stderr.write('error: TYPE/NAME and a list of ports are required for port-forward\nusage: kubectl port-forward [-n NAMESPACE] TYPE/NAME [LOCAL_PORT:]REMOTE_PORT\n');
    return 1;
  }
  const slash = target.indexOf('/');
  const kind = slash < 0 ? 'pod' : target.slice(0, slash);
  const name = slash < 0 ? target : target.slice(slash + 1);
  const opened: number[] = [];
  try {
    for (const spec of ports) {
      const [l, r] = spec.includes(':') ? spec.split(':') : [spec, spec];
      if (!PORT.test(r) || (l !== '' && !PORT.test(l)) || Number(r) < 1 || Number(r) > 65535 || Number(l || r) < 1 || Number(l || r) > 65535) {
        await ctx.stderr.write(`error: invalid port ${JSON.stringify(spec).slice(1, -1)}: expected [LOCAL_PORT:]REMOTE_PORT, each 1-65535\n`);
        return 1;
      }
      const local = Number(l || r);
      if (ws.forwards.has(local)) {
        await ctx.stderr.write(`Unable to listen on port ${local}: address already in use (another port-forward has it; see jobs)\nerror: unable to listen on any of the requested ports: [{${local} ${r}}]\n`);
        return 1;
      }
      // The port is taken at once (as kubectl's listen is): a curl right after `… &` waits for the target.
      const lookup = ws.binding.resolveForward({ kind, name, namespace }, Number(r));
      ws.forwards.set(local, lookup.then((t) => ('error' in t ? undefined : t), () => undefined));
      opened.push(local);
      const to = await lookup;
      if ('error' in to) {
        await ctx.stderr.write(`error: ${to.error}\n`);
        return 1;
      }
      ws.forwards.set(local, to);
      await ctx.stdout.write(`Forwarding from 127.0.0.1:${local} -> ${r}\n`);
    }
    // Runs until Ctrl+C, kill %N, or the shell ends, as kubectl port-forward does.
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return abortedStatus(ctx.signal);
  } finally {
    for (const p of opened) ws.forwards.delete(p);
  }
}

/** The terminal's alternate screen (as curses programs use it): leaving it shows the lines from before again. */
const ALT_SCREEN_ON = '\x1b[?1049h';
const ALT_SCREEN_OFF = '\x1b[?1049l';
/** watch shows one screen: a longer frame is cut here (a terminal shows about fifty rows). */
const WATCH_FRAME_MAX = 64 * 1024;

/**
 * `watch [-n SECONDS] COMMAND…`: runs it every N seconds (at least one) until Ctrl+C. As
 * procps watch does, it draws on the alternate screen, so what the terminal showed before comes
 * back afterwards, and it draws each frame whole once the command has finished, never a title
 * alone while the command runs.
 */
async function watch(ctx: ShellCommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let seconds = 2;
  while (args[0]?.startsWith('-')) {
    const a = args.shift()!;
    if (a === '-n' || a === '--interval') seconds = Number(args.shift());
    else if (a.startsWith('-n')) seconds = Number(a.slice(2));
    else if (a.startsWith('--interval=')) seconds = Number(a.slice(11));
    else if (a === '-t' || a === '--no-title') continue;
    else {
      await ctx.stderr.write(`watch: ${a}: unknown option; use watch [-n SECONDS] COMMAND\n`);
      return 1;
    }
  }
  if (!Number.isFinite(seconds) || seconds < WATCH_MIN_SECONDS) seconds = WATCH_MIN_SECONDS;
  if (args.length === 0) {
    await ctx.stderr.write('watch: a command is needed, e.g. watch kubectl get pods\n');
    return 1;
  }
  const script = args.join(' ');
  await ctx.stdout.write(ALT_SCREEN_ON);
  try {
    for (let round = 0; round < WATCH_MAX_ROUNDS && !ctx.signal.aborted; round++) {
      let frame = '';
      const sink = { write: (c: string) => void (frame += c.slice(0, Math.max(0, WATCH_FRAME_MAX - frame.length))) };
      await ctx.run(['sh', '-c', script], { stdout: sink, stderr: sink });
      if (ctx.signal.aborted) break;
      await ctx.stdout.write(`\x1b[H\x1b[2JEvery ${seconds}s: ${script}\n\n${frame}`);
      try {
        await ctx.clock.sleep(seconds * 1000);
      } catch {
        break;
      }
    }
  } finally {
    // After Ctrl+C the browser may no longer read this; the terminal leaves the screen itself then.
    await Promise.resolve(ctx.stdout.write(ALT_SCREEN_OFF)).catch(() => undefined);
  }
  return 130;
}

const HELP = `This is a shell on your workstation. Try:
  kubectl get pods | grep web        pipes, $(…), loops, variables
  kubectl get pods -w                streams until Ctrl+C
  kubectl port-forward pod/web 8080:80 &   then   curl localhost:8080
  jobs, kill %1, wait                background jobs
  watch -n 5 kubectl get pods        repeat a command
  curl, wget, nslookup               reach your cluster's network
  ls, cat, echo > file               files in your home directory (kept, up to 1 MiB)
Tools: awk cat cut grep head sed sort tail tr uniq wc and more.
Keys: Tab completes, ↑ and Ctrl+R search history, Ctrl+C stops, Ctrl+L clears.
`;

export function workstationCommands(ws: WorkstationLike): CommandTable {
  const k = kubectl(ws);
  return {
    kubectl: k as CommandTable[string],
    k: k as CommandTable[string],
    watch: watch as CommandTable[string],
    clear: async (ctx) => {
      await ctx.stdout.write('\x1b[H\x1b[2J');
      return 0;
    },
    help: async (ctx) => {
      await ctx.stdout.write(HELP);
      return 0;
    },
  };
}
