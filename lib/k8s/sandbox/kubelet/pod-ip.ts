/**
 * Pod IPs from the node's spec.podCIDR, as kind's host-local IPAM hands them out: .1 is the
 * bridge gateway, addresses go round-robin from the last one given (not lowest-free), and
 * an address is free again once its pod is deleted.
 */
export class PodCIDRError extends Error {
  constructor(readonly cidr: string, message: string) {
    super(`pod CIDR "${cidr}": ${message}`);
    this.name = 'PodCIDRError';
  }
}

const FIRST_HOST = 2;
const LAST_HOST = 254;

export class PodIPAllocator {
  private readonly prefix: string;
  private readonly byUid = new Map<string, number>();
  private readonly used = new Set<number>();
  private last = FIRST_HOST - 1;

  constructor(readonly cidr: string) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.0\/24$/.exec(cidr);
    if (!m) throw new PodCIDRError(cidr, 'the sandbox supports /24 pod CIDRs only');
    this.prefix = `${m[1]}.${m[2]}.${m[3]}.`;
  }

  /** The pod's IP; the same one on every call until release(uid). */
  allocate(uid: string): string {
    const held = this.byUid.get(uid);
    if (held !== undefined) return this.prefix + held;
    for (let i = 0; i <= LAST_HOST - FIRST_HOST; i++) {
      const host = ((this.last - FIRST_HOST + 1 + i) % (LAST_HOST - FIRST_HOST + 1)) + FIRST_HOST;
      if (this.used.has(host)) continue;
      this.used.add(host);
      this.byUid.set(uid, host);
      this.last = host;
      return this.prefix + host;
    }
    throw new PodCIDRError(this.cidr, 'no free addresses');
  }

  /** Keeps an address a pod already has (a kubelet restarting over existing pods). */
  reserve(uid: string, ip: string): void {
    if (!ip.startsWith(this.prefix)) return;
    const host = Number(ip.slice(this.prefix.length));
    if (!Number.isInteger(host) || this.used.has(host)) return;
    this.used.add(host);
    this.byUid.set(uid, host);
    this.last = Math.max(this.last, host);
  }

  release(uid: string): void {
    const host = this.byUid.get(uid);
    if (host === undefined) return;
    this.byUid.delete(uid);
    this.used.delete(host);
  }
}
