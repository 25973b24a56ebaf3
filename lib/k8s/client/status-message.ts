/**
 * The message of an API server's refusal, for an error the portal shows: a Status's message cut
 * to 500 characters, or the start of a body that is not one.
 */
export function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message.slice(0, 500);
  } catch {
    // not a Status
  }
  return body.slice(0, 200);
}
