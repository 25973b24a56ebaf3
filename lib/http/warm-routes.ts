/**
 * Loads the app's API route handlers before the portal says it is ready. Next.js loads a route's
 * module, and the lib code it imports, at the route's first request: the first OPTIONS to
 * /api/lab/session after a start took 68 ms, the next 5 ms. When a class comes back together
 * after a restart, the first hundred lab sessions and streams all waited behind those loads on
 * the portal's one thread (a profile of scripts/bench/class-capacity.mjs capacity: 46 ms of
 * module instantiation inside the wake burst).
 *
 * Each API route without a dynamic segment gets one OPTIONS request over loopback, one at a time.
 * Next.js answers OPTIONS itself from the module's exports (204 with Allow), so none of our
 * handlers runs, no cookie is set and nothing is written.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** The paths of the API routes in a build's app-paths-manifest.json, dynamic ones left out. */
export function apiRoutesToWarm(manifest: Record<string, unknown>): string[] {
  return Object.keys(manifest)
    .filter((k) => k.startsWith('/api/') && k.endsWith('/route') && !k.includes('['))
    .map((k) => k.slice(0, -'/route'.length))
    .sort();
}

/** The API routes of the build in distDir (none when it has no manifest, as in development). */
export function builtApiRoutes(distDir: string): string[] {
  const file = path.join(distDir, 'server', 'app-paths-manifest.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const manifest = JSON.parse(text) as unknown;
  return manifest && typeof manifest === 'object' && !Array.isArray(manifest) ? apiRoutesToWarm(manifest as Record<string, unknown>) : [];
}

/** Sends OPTIONS to a path; resolves with the status. */
export type OptionsRequest = (routePath: string) => Promise<number>;

/** OPTIONS over loopback to the portal's own port (the Host a loopback visitor sends, which every setting allows). */
export function loopbackOptions(port: number, timeoutMs = 10_000): OptionsRequest {
  return (routePath) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: routePath, method: 'OPTIONS', headers: { host: `localhost:${port}` }, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
}

/** What a warm-up did: routes loaded, and the ones that did not answer 204 (with why). */
export interface WarmUp {
  warmed: string[];
  failed: { route: string; reason: string }[];
}

/** Warms each route in turn; a route that fails is reported, and the others are still warmed. */
export async function warmRoutes(routes: string[], send: OptionsRequest): Promise<WarmUp> {
  const out: WarmUp = { warmed: [], failed: [] };
  for (const route of routes) {
    try {
      const status = await send(route);
      if (status === 204) out.warmed.push(route);
      else out.failed.push({ route, reason: `answered ${status}` });
    } catch (err) {
      out.failed.push({ route, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
