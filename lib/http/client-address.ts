/**
 * The address a request came from, for limits per address. The socket's peer, unless the
 * portal runs behind a proxy it was told to trust (KUBELAB_TRUST_PROXY=1): then the last
 * X-Forwarded-For entry, the one our proxy appended (entries before it are the client's to
 * write). IPv6 addresses count by their /64, which is what one household or machine gets.
 *
 * server.ts computes it once and passes it to route handlers in CLIENT_ADDRESS_HEADER, after
 * dropping any value the client sent under that name.
 */
import net from 'node:net';

export const CLIENT_ADDRESS_HEADER = 'x-kubelab-client-address';

export function clientAddressOf(remote: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  let address = remote ?? '';
  if (trustProxy && forwardedFor) {
    const list = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((s) => s.trim()).filter(Boolean);
    const last = list.at(-1);
    if (last && net.isIP(last)) address = last;
  }
  return limitKey(address);
}

/** The key a limit counts under: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by /64. */
export function limitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (net.isIPv6(address)) {
    const groups = expandIPv6(address);
    return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return net.isIPv4(address) ? address : 'unknown';
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part (64:ff9b::1.2.3.4) takes the room of two groups.
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const fill = address.includes('::') ? Array(Math.max(0, 8 - width(left) - width(right))).fill('0') : [];
  return [...left, ...fill, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** In a route handler: the address server.ts recorded ('unknown' when run without server.ts, e.g. `next dev`). */
export function requestClientAddress(req: Request): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
