/**
 * Turns a client-node failure into what the learner should see: the API server's Status
 * message, and for each cause the field path, so the editor can mark the right line.
 */
export interface ApiFailure {
  code: number;
  reason?: string;
  message: string;
  causes: { field?: string; message: string }[];
}

interface StatusLike {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function parseBody(body: unknown): StatusLike | undefined {
  if (!body) return undefined;
  if (typeof body === 'object') return body as StatusLike;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusLike;
    } catch {
      return { message: body };
    }
  }
  return undefined;
}

/** `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"` → the fields. */
function strictDecodingCauses(message: string): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const m of message.matchAll(/unknown field "([^"]+)"/g)) out.push({ field: m[1], message: `unknown field "${m[1]}"` });
  return out;
}

export function apiFailure(err: unknown): ApiFailure {
  const e = err as { code?: number; body?: unknown; message?: string };
  const status = parseBody(e.body);
  const code = e.code ?? status?.code ?? 0;
  if (!status) return { code, message: e.message ?? String(err), causes: [] };
  const message = status.message ?? e.message ?? 'request failed';
  let causes = (status.details?.causes ?? []).map((c) => ({ field: c.field || undefined, message: c.message ?? c.reason ?? '' }));
  if (causes.length === 0 && message.includes('strict decoding error')) causes = strictDecodingCauses(message);
  return { code, reason: status.reason, message, causes };
}

/**
 * `spec.template.spec.containers[0].image` → ['spec','template','spec','containers',0,'image'];
 * map keys in brackets (`metadata.labels[app]`) become strings.
 */
export function parseFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
