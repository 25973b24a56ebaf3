/** resource.Quantity, as the scheduler, the kubelet and the volume binder read it (k8s.io/apimachinery/pkg/api/resource). */
const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A resource.Quantity as a number (cores for cpu, bytes for memory). */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined || q === null) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  let n = Number(m[1]);
  if (m[2]) n *= 10 ** Number(m[2]);
  const suffix = m[3];
  if (suffix in BINARY_SUFFIX) return n * BINARY_SUFFIX[suffix];
  if (suffix in DECIMAL_SUFFIX) return n * DECIMAL_SUFFIX[suffix];
  return undefined;
}
