/**
 * Hostile cases for KUBELAB_LEASE_SECONDS (operator configuration, read at start): anything but
 * a plain whole number of seconds from 3 to 3600 stops the start with one short line naming the
 * setting, the refused value JSON-escaped and cut to 80 characters.
 */
import { describe, expect, it } from 'vitest';
import { InvalidLeaseSecondsError, leaseFromEnv } from '../../lib/k8s/sandbox/store/product-store';

describe('KUBELAB_LEASE_SECONDS', () => {
  it('is unset by default and blank counts as unset; a good value sets the lease and a renewal every third of it', () => {
    expect(leaseFromEnv({})).toBeUndefined();
    expect(leaseFromEnv({ KUBELAB_LEASE_SECONDS: '  ' })).toBeUndefined();
    expect(leaseFromEnv({ KUBELAB_LEASE_SECONDS: '3' })).toEqual({ leaseTtlMs: 3000, renewEveryMs: 1000 });
    expect(leaseFromEnv({ KUBELAB_LEASE_SECONDS: ' 30 ' })).toEqual({ leaseTtlMs: 30_000, renewEveryMs: 10_000 });
    expect(leaseFromEnv({ KUBELAB_LEASE_SECONDS: '3600' })).toEqual({ leaseTtlMs: 3_600_000, renewEveryMs: 1_200_000 });
  });

  it.each([['-1'], ['0'], ['2'], ['3601'], ['1e9'], ['1e1'], ['0x10'], ['2abc'], ['NaN'], ['Infinity'], ['3.5'], ['9'.repeat(10_000)], ['30\r\nX-Injected: 1'], ['3\u00000'], ['٣٠']])('refuses %j by name on one short line', (bad) => {
    let err: unknown;
    try {
      leaseFromEnv({ KUBELAB_LEASE_SECONDS: bad });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidLeaseSecondsError);
    const message = (err as Error).message;
    expect(message).toMatch(/^KUBELAB_LEASE_SECONDS ".*" is not usable: give a whole number of seconds from 3 to 3600/);
    expect(message).not.toMatch(/[\r\n\u0000]/);
    expect(message.length).toBeLessThan(400);
  });
});
