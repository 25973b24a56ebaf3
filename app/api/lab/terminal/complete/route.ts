import { completeLine, namesFromCluster, CompletionRequestError } from '@/lib/lab/terminal-complete';
import { requireSession } from '@/lib/lab/session';
import { errorResponse, jsonResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/**
 * Tab completion for the lab terminal: GET ?line=…&cursor=N answers {start, candidates}: the
 * word at start..cursor can become any candidate (commands, kubectl verbs, kinds, or names in
 * the learner's own cluster). Read-only, the learner's session, rate limited like other calls.
 */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req);
    const url = new URL(req.url);
    const line = url.searchParams.get('line');
    if (line === null) throw new CompletionRequestError('line: expected the command line');
    const cursor = Number(url.searchParams.get('cursor') ?? line.length);
    return jsonResponse(await completeLine(line, cursor, namesFromCluster(session.kc, session.namespace)));
  } catch (err) {
    return errorResponse(err);
  }
}
