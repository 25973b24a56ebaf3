/**
 * Loads @kubernetes/client-node into this process's module cache. The portal's route bundles
 * keep it outside the bundle (next.config.mjs serverExternalPackages) and import it when a
 * route first runs: about 900 modules, compiled on the thread that serves every page. A portal
 * that loads it while starting answers its first class at its usual speed instead.
 */
export async function preloadClientNode(): Promise<void> {
  await import('@kubernetes/client-node');
}
