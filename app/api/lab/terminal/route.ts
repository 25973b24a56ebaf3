import { readResource, ResourcePathError } from '@/lib/content/resources';
import { checkCommand, CommandRefusedError } from '@/lib/lab/kubectl/allowlist';
import { KubectlMissingError, runKubectl } from '@/lib/lab/kubectl/runner';
import { ConfinementMissingError, findConfinement, unconfinedAllowed } from '@/lib/lab/kubectl/confine';
import { runSlots } from '@/lib/lab/kubectl/slots';
import { labContext } from '@/lib/lab/context';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';
import { MAX_MANIFEST_BYTES } from '@/lib/k8s/manifests/parse';

export const dynamic = 'force-dynamic';

/**
 * Runs one kubectl command for the learner and streams its output as NDJSON lines:
 * `{"out": "..."}` chunks, then `{"exit": 0}` (or `{"error": "..."}` when refused).
 * kubectl runs confined (lib/lab/kubectl/confine.ts) and reaches only this learner's cluster,
 * through a gateway that passes only that cluster's path to the sandbox host; at most two runs
 * per learner at once (a third answers 429).
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = requireSession(req);
    const body = await readJson<{ command?: unknown; editor?: unknown }>(req, MAX_MANIFEST_BYTES + 8192);
    if (typeof body.command !== 'string') throw new LabError(400, 'command: expected the command line', 'BadRequest');
    const encoder = new TextEncoder();
    const line = (o: object) => encoder.encode(`${JSON.stringify(o)}\n`);
    let cmd;
    try {
      cmd = checkCommand(body.command);
    } catch (e) {
      if (e instanceof CommandRefusedError) return new Response(line({ error: e.message }), { headers: { 'content-type': 'application/x-ndjson' } });
      throw e;
    }
    let stdin: string | undefined;
    if (cmd.file?.kind === 'editor') {
      if (typeof body.editor !== 'string') throw new LabError(400, '-f editor: the editor content was not sent', 'BadRequest');
      stdin = body.editor;
    } else if (cmd.file?.kind === 'library') {
      try {
        stdin = readResource(cmd.file.path);
      } catch (e) {
        if (e instanceof ResourcePathError) return new Response(line({ error: `-f ${cmd.file.path}: no such file in the resource library` }), { headers: { 'content-type': 'application/x-ndjson' } });
        throw e;
      }
    }
    const confinement = findConfinement();
    if (!('bwrap' in confinement) && !unconfinedAllowed()) throw new LabError(503, new ConfinementMissingError(confinement.missing).message, 'TerminalUnavailable');
    const ctx = labContext();
    const releaseSlot = runSlots().acquire(session.learner.id);
    // The run keeps the learner's cluster awake between kubectl's requests (it may sleep when idle).
    const releaseHold = ctx.host.hold(session.clusterId);
    const release = () => {
      releaseHold();
      releaseSlot();
    };
    const cluster = { id: session.clusterId, token: session.token, handler: ctx.host };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (o: object) => {
          try {
            controller.enqueue(line(o));
          } catch {
            // client went away; the abort signal stops kubectl
          }
        };
        runKubectl(cmd, { cluster, stdin, signal: req.signal, onOutput: (out) => send({ out }) })
          .then(
            (r) => send({ exit: r.exitCode, stopped: r.stopped }),
            (e: unknown) => {
              if (!(e instanceof KubectlMissingError || e instanceof ConfinementMissingError)) console.error('lab terminal:', e);
              send({ error: e instanceof KubectlMissingError || e instanceof ConfinementMissingError ? e.message : 'kubectl could not be started' });
            },
          )
          .finally(() => {
            release();
            try {
              controller.close();
            } catch {
              // already closed
            }
          });
      },
    });
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
