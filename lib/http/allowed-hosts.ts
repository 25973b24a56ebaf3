/**
 * Which Host names the portal answers for. A page on another site can make a laptop's browser
 * talk to a portal on localhost by re-pointing its own DNS name there (DNS rebinding); the
 * request then carries that site's name in Host, and we refuse it. KUBELAB_ALLOWED_HOSTS
 * (comma separated names or addresses, `*` for any) replaces the default: localhost, the
 * loopback addresses, this machine's hostname and addresses, and KUBELAB_PUBLIC_URL's host.
 * Loopback names stay allowed always: the route handlers reach the sandbox over 127.0.0.1.
 */
import os from 'node:os';
import type { Env } from './secure-cookie';

export interface MachineNames {
  hostname: string;
  addresses: string[];
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

function thisMachine(): MachineNames {
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return { hostname: os.hostname(), addresses };
}

/** A host name as compared: lower case, no trailing dot, IPv6 in brackets, no port. */
export function normalHost(name: string): string {
  let n = name.trim().toLowerCase();
  if (n.includes(':') && !n.startsWith('[')) n = `[${n.split('%')[0]}]`;
  return n.replace(/\.$/, '');
}

export class AllowedHosts {
  private constructor(private readonly names: ReadonlySet<string> | 'any') {}

  static fromEnv(env: Env, machine: MachineNames = thisMachine()): AllowedHosts {
    const configured = env.KUBELAB_ALLOWED_HOSTS?.split(',').map((s) => s.trim()).filter(Boolean);
    if (configured?.includes('*')) return new AllowedHosts('any');
    const names = new Set(LOOPBACK);
    for (const n of configured ?? [machine.hostname, ...machine.addresses]) names.add(normalHost(n));
    if (env.KUBELAB_PUBLIC_URL) {
      try {
        names.add(normalHost(new URL(env.KUBELAB_PUBLIC_URL).hostname));
      } catch {
        // A malformed public URL is reported where it is used (the printed links); it adds no host.
      }
    }
    return new AllowedHosts(names);
  }

  /** Whether a Host header names this portal (its port is not compared: proxies may change it). */
  allows(hostHeader: string | undefined): boolean {
    if (this.names === 'any') return true;
    const name = hostOf(hostHeader);
    return name !== undefined && this.names.has(name);
  }
}

/** The name part of a Host header, or undefined when it is missing or not a host[:port]. */
export function hostOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader || hostHeader.length > 255) return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  return m ? normalHost(m[1]) : undefined;
}

export function misdirectedText(hostHeader: string | undefined): string {
  const shown = (hostHeader ?? '(none)').slice(0, 100).replace(/[^\x20-\x7e]/g, '?');
  return `This portal does not answer for the host name ${shown}. Open it by the address the instructor gave; an instructor adds names with KUBELAB_ALLOWED_HOSTS.\n`;
}
