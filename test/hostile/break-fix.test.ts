/**
 * Hostile calls to the break-and-fix routes (load a scenario's broken objects, check its goal):
 * each is refused with a clear status and message, creates nothing it should not, and the
 * portal goes on loading and checking scenarios for an honest learner afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as load from '../../app/api/exercises/break-fix/load/route';
import * as check from '../../app/api/exercises/break-fix/check/route';
import { answered, count, pageLoad, request, type RouteHarness, startRouteHarness } from './route-harness';

let harness: RouteHarness;
let addresses = 0;
const nextAddress = () => `203.0.113.${++addresses}`;

beforeAll(async () => {
  harness = await startRouteHarness();
});
afterAll(async () => {
  await harness.close();
});

const routes: Array<[string, typeof load.POST, string]> = [
  ['loading a scenario', load.POST, '/api/exercises/break-fix/load'],
  ['checking a scenario', check.POST, '/api/exercises/break-fix/check'],
];

/** An honest learner can still load a scenario and see its goal not reached yet. */
async function portalStillLoadsScenarios(): Promise<void> {
  const cookie = pageLoad()!;
  const address = nextAddress();
  const loaded = await answered(await load.POST(request('/api/exercises/break-fix/load', { cookie, address, body: { scenario: 'pending-untolerated-taint' } })));
  expect(loaded.status).toBe(200);
  expect((loaded.body.results as { summary: string }[]).map((r) => r.summary)).toEqual(['pod/etcd-snapshot created']);
  const checked = await answered(await check.POST(request('/api/exercises/break-fix/check', { cookie, address, body: { scenario: 'pending-untolerated-taint' } })));
  expect(checked.status).toBe(200);
  expect((checked.body.goal as { passed: boolean }).passed).toBe(false);
}

describe('the break-and-fix routes', () => {
  it.each(routes)('refuse %s without a cookie the portal issued (401), and create no learner or cluster', async (_what, post, path) => {
    const [learners, clusters] = [count('learners'), harness.host.listClusters().length];
    const r = await answered(await post(request(path, { address: nextAddress(), body: { scenario: 'daemonset-control-plane' } })));
    expect([r.status, r.body.error]).toEqual([401, 'NoLearner']);
    expect([count('learners'), harness.host.listClusters().length]).toEqual([learners, clusters]);
    await portalStillLoadsScenarios();
  });

  it.each(routes)('refuse %s for a scenario that does not exist (404, named in the message, cut to 64 characters)', async (_what, post, path) => {
    const cookie = pageLoad()!;
    for (const scenario of ['no-such-scenario', '../exercises/exercise-5-1-daemonsets', '__proto__', 'constructor', 'x'.repeat(900)]) {
      const r = await answered(await post(request(path, { cookie, address: nextAddress(), body: { scenario } })));
      expect([r.status, r.body.error]).toEqual([404, 'NotFound']);
      expect(r.body.message).toBe(`no break-and-fix scenario "${scenario.slice(0, 64)}"`);
    }
    await portalStillLoadsScenarios();
  });

  it.each(routes)('refuse %s with a body over 1 KiB (413) or a scenario that is not a string (400)', async (_what, post, path) => {
    const cookie = pageLoad()!;
    const big = await answered(await post(request(path, { cookie, address: nextAddress(), body: { scenario: 'daemonset-control-plane', pad: 'x'.repeat(64 * 1024) } })));
    expect(big.status).toBe(413);
    for (const scenario of [42, null, ['daemonset-control-plane'], { id: 'daemonset-control-plane' }]) {
      const r = await answered(await post(request(path, { cookie, address: nextAddress(), body: { scenario } })));
      expect([r.status, r.body.error, r.body.message]).toEqual([400, 'BadRequest', 'scenario: expected the id of a break-and-fix scenario']);
    }
    const notJson = await answered(await post(request(path, { cookie, address: nextAddress(), body: '{"scenario": ' })));
    expect(notJson.status).toBe(400);
    await portalStillLoadsScenarios();
  });

  it.each(routes)('refuse %s from another origin (403) even with a valid cookie', async (_what, post, path) => {
    const cookie = pageLoad()!;
    const r = await answered(await post(request(path, { cookie, address: nextAddress(), body: { scenario: 'daemonset-control-plane' }, headers: { origin: 'https://evil.example' } })));
    expect(r.status).toBe(403);
    await portalStillLoadsScenarios();
  });

  it('loads the same scenario twenty times in a row for one learner, each load removing the previous copy before creating it again (or a bounded 429)', async () => {
    const cookie = pageLoad()!;
    const address = nextAddress();
    let last: Awaited<ReturnType<typeof answered>> | undefined;
    for (let i = 0; i < 20; i++) {
      last = await answered(await load.POST(request('/api/exercises/break-fix/load', { cookie, address, body: { scenario: 'init-wrong-selector' } })));
      if (last.status === 429) break;
      expect(last.status).toBe(200);
    }
    // Either every load went through or the learner's rate limit answered with a wait; both are bounded.
    if (last!.status === 429) expect(Number(last!.retryAfter)).toBeGreaterThan(0);
    else expect(last!.body.removed).toEqual(['deployment/orders-db', 'service/orders-db', 'pod/shop-web']);
    await portalStillLoadsScenarios();
  });
});
