/**
 * The hostile suite's `test`: every case gets a `portal` to make learners with, and after every
 * case the invariants of the issue are checked whatever the case itself asserted:
 *  - the portal still answers GET / within HOME_BOUND_MS;
 *  - no answer (body or headers) carried a planted marker secret, the instructor token, the
 *    cookie signing key, or a cluster token other than the asking learner's own;
 *  - the portal's process tree listens on no port it did not listen on before;
 *  - no new entry appeared at the top of the repository, in /tmp, or beside the data directory.
 */
import { test as base, expect } from '@playwright/test';
import type http from 'node:http';
import { httpRequest, setRecorder } from './http';
import { HOSTILE_OUTSIDE_DIR, REPO_DIR } from './layout';
import { Learner } from './learner';
import { entries, portsOfTree, serverPid } from './machine';
import { clusterTokensOnDisk, cookieKey, instructorToken, markerSecrets } from './secrets';
import { exclusiveTurn, sharedTurn } from './turns';

export const HOME_BOUND_MS = Number(process.env.HOSTILE_HOME_BOUND_MS ?? 5000);

interface Recorded {
  label: string;
  text: string;
  owner?: { readonly token: string };
}

/** Build folders, test reports and data folders of whoever else runs in this checkout. */
const REPO_NOISE = /^(\.next.*|test-results|\.test-reports|playwright-report|\.data|next-env\.d\.ts|tsconfig\.tsbuildinfo)$/;
/**
 * /tmp and the checkout are shared with every other program on a developer's machine; there only
 * names a learner's command chose (or kubectl's own temporary names) count. CI, where nothing
 * else runs beside the suite, counts every new entry (HOSTILE_STRICT_FILES=1 does so anywhere).
 */
const STRICT_FILES = process.env.HOSTILE_STRICT_FILES === '1' || (Boolean(process.env.CI) && process.env.HOSTILE_STRICT_FILES !== '0');
export const LEARNER_FILE_PREFIX = 'kubelab-learner-wrote-';
const LEARNER_CHOSEN = new RegExp(`^(${LEARNER_FILE_PREFIX}|x$|LIVE-|MERGED-|\\.kube$|\\.cache$|kubeconfig)`);
/**
 * Entries other cases running at the same time make and remove themselves: the terminal's
 * per-run throwaway directories (each removed when its run ends; the runner's own tests check
 * that) and the browser project's Chromium profiles. They never count, even in strict mode.
 */
const TRANSIENT = /^(kubelab-kubectl-|\.?org\.chromium\.|playwright)/;
const counts = (n: string) => !TRANSIENT.test(n) && (STRICT_FILES || LEARNER_CHOSEN.test(n));

/**
 * Each learner comes from a loopback address of its own (127.<worker>.x.y; Linux routes all of
 * 127/8 to lo), as the learners of a class come from their own machines: per-address limits on
 * new sessions then apply to the flood cases, not to every case of the suite.
 */
let addresses = 0;
export function nextLoopbackAddress(): string {
  const n = addresses++;
  const worker = Number(process.env.TEST_WORKER_INDEX ?? 0) % 50;
  return `127.${10 + worker}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

export class Portal {
  readonly learners: Learner[] = [];
  readonly recorded: Recorded[] = [];
  private count = 0;

  /** A learner made the browser's way (page, session, kubeconfig). */
  async learner(opts: { localAddress?: string } = {}): Promise<Learner> {
    const l = await new Learner(`learner-${++this.count}`, opts.localAddress ?? nextLoopbackAddress()).open();
    this.learners.push(l);
    return l;
  }

  /** A visitor with no cookie yet (nothing is requested). */
  stranger(opts: { localAddress?: string } = {}): Learner {
    return new Learner(`stranger-${++this.count}`, opts.localAddress ?? nextLoopbackAddress());
  }

  /** Time for GET / to answer (200 or its redirect to the module), or Infinity if it does not within boundMs. */
  async homeMs(boundMs = HOME_BOUND_MS): Promise<number> {
    try {
      const a = await httpRequest({ path: '/', timeoutMs: boundMs });
      return a.status >= 200 && a.status < 400 ? a.ms : Infinity;
    } catch {
      return Infinity;
    }
  }
}

function leaks(recorded: Recorded[]): string[] {
  const markers = markerSecrets();
  const teacher = instructorToken();
  const key = cookieKey();
  const tokens = clusterTokensOnDisk();
  const found: string[] = [];
  for (const r of recorded) {
    for (const m of markers) if (r.text.includes(m)) found.push(`${r.label}: carries the planted marker secret`);
    if (teacher && r.text.includes(teacher)) found.push(`${r.label}: carries the instructor token`);
    if (key && key.length >= 16 && r.text.includes(key)) found.push(`${r.label}: carries the cookie signing key`);
    for (const t of tokens) if (t !== r.owner?.token && r.text.includes(t)) found.push(`${r.label}: carries another learner's cluster token`);
  }
  return found;
}

function newNames(before: Map<string, number>, after: Map<string, number>, keep: (name: string) => boolean): string[] {
  return [...after.keys()].filter((n) => !before.has(n) && keep(n));
}

/** One case between its turn's start and end: snapshot, the case, then the invariants. */
async function portalCase(runCase: (p: Portal) => Promise<void>): Promise<void> {
  const pid = serverPid();
  const portsBefore = pid ? portsOfTree(pid) : [];
  const repoBefore = entries(REPO_DIR);
  const tmpBefore = entries('/tmp');
  const outsideBefore = entries(HOSTILE_OUTSIDE_DIR);
  const portal = new Portal();
  setRecorder((label: string, text: string, headers: http.IncomingHttpHeaders, owner?: { readonly token: string }) => {
    portal.recorded.push({ label, text: `${JSON.stringify(headers)}\n${text}`, owner });
  });
  await runCase(portal);
  setRecorder(undefined);

  const home = await portal.homeMs();
  expect(home, `the portal answers GET / within ${HOME_BOUND_MS} ms after the case`).toBeLessThan(HOME_BOUND_MS);
  expect(leaks(portal.recorded), 'no answer carries a marker, the instructor token or another learner\'s token').toEqual([]);
  const pidAfter = serverPid();
  expect(pidAfter, 'the portal process is the one that started the case').toBe(pid);
  if (pidAfter) expect(portsOfTree(pidAfter), 'the portal listens on no new port').toEqual(portsBefore);
  expect(newNames(repoBefore, entries(REPO_DIR), (n) => !REPO_NOISE.test(n) && counts(n)), 'no new file at the top of the repository').toEqual([]);
  // A kubectl diff running elsewhere on the machine shows its LIVE-/MERGED- folders for a moment:
  // what counts is an entry that stays.
  let tmpNew = newNames(tmpBefore, entries('/tmp'), counts);
  if (tmpNew.length > 0) {
    await new Promise((r) => setTimeout(r, 2000));
    tmpNew = newNames(tmpBefore, entries('/tmp'), counts);
  }
  expect(tmpNew, 'no new file in /tmp').toEqual([]);
  expect(newNames(outsideBefore, entries(HOSTILE_OUTSIDE_DIR), () => true), 'no new file beside the data directory').toEqual([]);
}

export const test = base.extend<{ portal: Portal; alone: boolean }>({
  /** `test.use({ alone: true })`: the case has the portal to itself (it measures liveliness or memory). */
  alone: [false, { option: true }],
  portal: [
    async ({ alone }, use, testInfo) => {
      // Waiting for a turn is not the case's own time: no limit while waiting, then the case's
      // own limit counted from when its turn began.
      const limit = testInfo.timeout;
      const waitStart = Date.now();
      testInfo.setTimeout(0);
      const release = alone ? await exclusiveTurn() : await sharedTurn();
      testInfo.setTimeout(limit + (Date.now() - waitStart));
      try {
        await portalCase(use);
      } finally {
        release();
      }
    },
    { auto: true },
  ],
});

export { expect };
