import { instructorCookie } from '@/lib/instructor/access';
import { isInstructorToken, openInstructorSession } from '@/lib/instructor/portal';
import { cookieIsSecure } from '@/lib/http/secure-cookie';

/**
 * The instructor link: trades ?token= for a session (the cookie holds a random session id,
 * never the token) and redirects, so the token leaves the address bar (and the history) at once.
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const token = url.searchParams.get('token');
  if (!isInstructorToken(token)) {
    return new Response('This link is not valid for this portal. Use the instructor link the server printed when it made the token (`npm run instructor-link` prints it again).\n', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  }
  const secure = url.protocol === 'https:' || cookieIsSecure(req.headers.get('x-forwarded-proto'), process.env);
  return new Response(null, {
    status: 303,
    headers: { location: '/instructor', 'set-cookie': instructorCookie(openInstructorSession(token!), secure), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}
