import { instructorCookie } from '@/lib/instructor/access';
import { isInstructorToken } from '@/lib/instructor/portal';

/**
 * The link the server prints: trades ?token= for an httpOnly cookie and redirects, so the
 * token leaves the address bar (and the history) at once.
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const token = url.searchParams.get('token');
  if (!isInstructorToken(token)) {
    return new Response('This link is not valid for this portal. Use the instructor link the server printed when it started.\n', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  }
  return new Response(null, {
    status: 303,
    headers: { location: '/instructor', 'set-cookie': instructorCookie(token!, url.protocol === 'https:'), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}
