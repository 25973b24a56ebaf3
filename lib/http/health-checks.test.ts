import { describe, expect, it } from 'vitest';
import { HealthEndpoints } from './health';
import { portalReadinessChecks } from './health-checks';
import { memoryLearnerDb } from '../learners/db';

function parts(over: Partial<Parameters<typeof portalReadinessChecks>[0]> = {}) {
  const db = memoryLearnerDb();
  return { nextPrepared: Promise.resolve(), sandboxHost: () => ({}), learnerDb: () => db, ...over };
}

describe('portal readiness', () => {
  it('is ready with Next prepared, a sandbox host and a database that answers', async () => {
    const r = await new HealthEndpoints(portalReadinessChecks(parts())).readiness();
    expect(r).toEqual({ ready: true, checks: [{ name: 'next', ok: true }, { name: 'sandbox-host', ok: true }, { name: 'learner-db', ok: true }] });
  });

  it('is not ready while Next.js prepares, and says so when preparing failed', async () => {
    const pending = await new HealthEndpoints(portalReadinessChecks(parts({ nextPrepared: new Promise(() => {}) }))).readiness();
    expect(pending.checks[0]).toEqual({ name: 'next', ok: false, reason: 'Next.js is still preparing its build' });
    const failed = Promise.reject(new Error('no build'));
    const health = new HealthEndpoints(portalReadinessChecks(parts({ nextPrepared: failed })));
    await failed.catch(() => undefined);
    expect((await health.readiness()).checks[0]).toEqual({ name: 'next', ok: false, reason: 'Next.js failed to prepare its build' });
  });

  it('is not ready without a sandbox host', async () => {
    const r = await new HealthEndpoints(portalReadinessChecks(parts({ sandboxHost: () => undefined }))).readiness();
    expect(r.ready).toBe(false);
    expect(r.checks[1]).toEqual({ name: 'sandbox-host', ok: false, reason: 'the sandbox host is not started' });
  });

  it('is not ready once the learners database is closed (as the shutdown closes it)', async () => {
    const db = memoryLearnerDb();
    const health = new HealthEndpoints(portalReadinessChecks(parts({ learnerDb: () => db })));
    expect((await health.readiness()).ready).toBe(true);
    db.close();
    const r = await health.readiness();
    expect(r.ready).toBe(false);
    expect(r.checks[2]).toEqual({ name: 'learner-db', ok: false, reason: 'TypeError' });
  });
});
