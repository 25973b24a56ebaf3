import { portalContext } from '@/lib/portal/context';
import { dataDirectory } from '@/lib/lab/context';
import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';
import { MAX_MANIFEST_BYTES } from '@/lib/k8s/manifests/parse';
import { labBinding } from '@/lib/workstation/lab-binding';
import { workstations, WorkstationsFullError } from '@/lib/workstation/registry';
import { MAX_PENDING_BYTES, WorkstationBusyError, type Workstation } from '@/lib/workstation/workstation';

export const dynamic = 'force-dynamic';

/** A new line waits this long for the previous one to finish stopping (Ctrl+C) before it is refused. */
const BUSY_WAIT_MS = 1000;

async function whenFree(ws: Workstation): Promise<void> {
  for (let waited = 0; ws.running && waited < BUSY_WAIT_MS; waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (ws.running) throw new LabError(409, new WorkstationBusyError().message, 'WorkstationBusy');
}

/**
 * Runs one line typed in the bench's terminal on the learner's workstation shell
 * (lib/workstation: the sandbox's shell interpreter, `kubectl` the real confined one, their own
 * cluster only) and streams NDJSON: `{"out"}` chunks, `{"error"}` for a refused kubectl, then
 * `{"status", "more"?, "stopped"?}`, with `{"exit"}` too when a kubectl ran. Closing the request
 * is Ctrl+C.
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ command?: unknown; editor?: unknown }>(req, MAX_MANIFEST_BYTES + MAX_PENDING_BYTES);
    if (typeof body.command !== 'string') throw new LabError(400, 'command: expected the command line', 'BadRequest');
    if (body.command.length > MAX_PENDING_BYTES) throw new LabError(413, `command: longer than ${MAX_PENDING_BYTES / 1024} KiB; put long content in the editor and use kubectl apply -f editor`, 'TooLarge');
    const command = body.command;
    const editor = typeof body.editor === 'string' ? body.editor : undefined;
    const ctx = portalContext();
    let ws: Workstation;
    try {
      ws = workstations(dataDirectory(), ctx.db).get(session.learner.id, labBinding(ctx, session, editor));
    } catch (e) {
      if (e instanceof WorkstationsFullError) throw new LabError(503, e.message, 'WorkstationsFull');
      throw e;
    }
    await whenFree(ws);
    const encoder = new TextEncoder();
    const line = (o: object) => encoder.encode(`${JSON.stringify(o)}\n`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (o: object) => {
          try {
            controller.enqueue(line(o));
          } catch {
            // the client went away; the abort signal stops the line
          }
        };
        ws.runLine(command, { onOutput: (out) => send({ out }), onRefused: (error) => send({ error }), signal: req.signal })
          .then(
            (r) => send({ status: r.status ?? null, ...(r.kubectlRan ? { exit: r.status ?? null } : {}), ...(r.more ? { more: true } : {}), ...(r.stopped ? { stopped: r.stopped } : {}) }),
            (e: unknown) => {
              if (e instanceof WorkstationBusyError) send({ error: e.message });
              else {
                console.error('lab terminal:', e);
                send({ error: 'the workstation could not run that line' });
              }
            },
          )
          .finally(() => {
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
