/**
 * Hostile cases for event streams (issue 15, residual): one learner opening stream after stream
 * (the bench's cluster events and the notices feed, each holding a response, a timer and a woken
 * cluster) is refused with 429 at the per-learner cap, the open streams keep working, another
 * learner is untouched, and a closed tab frees its slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteHarness, pageLoad, request, answered, type RouteHarness } from './route-harness';
import { STREAMS_PER_HOLDER } from '../../lib/http/stream-slots';
import { verifiedLearner } from '../../lib/http/learner-request';
import { portalContext } from '../../lib/portal/context';
import * as labStream from '../../app/api/lab/stream/route';
import * as notices from '../../app/api/lab/notices/route';

let harness: RouteHarness;
const tabs: AbortController[] = [];

beforeAll(async () => {
  harness = await startRouteHarness();
});
afterAll(async () => {
  for (const t of tabs) t.abort();
  await harness.close();
});

/** Opens a stream as a browser tab does; the returned controller closes the tab. */
async function open(route: 'stream' | 'notices', cookie: string): Promise<{ res: Response; tab: AbortController }> {
  const tab = new AbortController();
  tabs.push(tab);
  const req = new Request(request(`/api/lab/${route}`, { cookie }), { signal: tab.signal });
  const res = route === 'stream' ? await labStream.GET(req) : await notices.GET(req);
  return { res, tab };
}

/** The first bytes of an open stream: the retry line every stream starts with. */
async function firstChunk(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return new TextDecoder().decode(value);
}

const learnerOf = (cookie: string) => verifiedLearner(request('/', { cookie }), portalContext().db)!.id;

describe('event streams per learner', () => {
  it('refuses the seventh stream of one learner with 429, Retry-After and a message saying to close a tab', async () => {
    const cookie = pageLoad()!;
    const opened = [];
    for (let i = 0; i < STREAMS_PER_HOLDER; i++) opened.push(await open(i % 2 ? 'notices' : 'stream', cookie));
    expect(opened.map((o) => o.res.status)).toEqual(Array(STREAMS_PER_HOLDER).fill(200));
    const refused = await answered((await open('stream', cookie)).res);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('TooManyStreams');
    expect(refused.body.message).toMatch(/close another tab/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // The notices feed is counted with the cluster stream: it is refused too.
    expect((await open('notices', cookie)).res.status).toBe(429);
    // The streams already open keep working.
    expect(await firstChunk(opened[0].res)).toMatch(/^retry:/);
    for (const o of opened) o.tab.abort();
  });

  it('frees a slot when a tab closes, so the next stream opens', async () => {
    const cookie = pageLoad()!;
    const opened = [];
    for (let i = 0; i < STREAMS_PER_HOLDER; i++) opened.push(await open('stream', cookie));
    expect((await open('stream', cookie)).res.status).toBe(429);
    opened[0].tab.abort();
    const again = await open('stream', cookie);
    expect(again.res.status).toBe(200);
    for (const o of [...opened, again]) o.tab.abort();
  });

  it('does not let one learner at the cap block another learner', async () => {
    const greedy = pageLoad()!;
    const opened = [];
    for (let i = 0; i < STREAMS_PER_HOLDER; i++) opened.push(await open('stream', greedy));
    expect((await open('stream', greedy)).res.status).toBe(429);
    const honest = pageLoad()!;
    const theirs = await open('stream', honest);
    expect(theirs.res.status).toBe(200);
    expect(await firstChunk(theirs.res)).toMatch(/^retry:/);
    for (const o of [...opened, theirs]) o.tab.abort();
  });

  it('gives every slot back once all tabs close, refusals included', async () => {
    const cookie = pageLoad()!;
    const before = portalContext().streamSlots.open;
    const opened = [];
    for (let i = 0; i < STREAMS_PER_HOLDER + 3; i++) opened.push(await open(i % 2 ? 'notices' : 'stream', cookie));
    expect(opened.filter((o) => o.res.status === 429)).toHaveLength(3);
    expect(portalContext().streamSlots.heldBy(learnerOf(cookie))).toBe(STREAMS_PER_HOLDER);
    for (const o of opened) o.tab.abort();
    expect(portalContext().streamSlots.heldBy(learnerOf(cookie))).toBe(0);
    expect(portalContext().streamSlots.open).toBe(before);
  });
});
