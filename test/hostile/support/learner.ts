/**
 * A learner as the browser makes one: open a lesson page (where the server issues the learner
 * cookie), open the lab session, then learn the cluster's id and token from the kubeconfig
 * download. Methods wrap the routes the bench calls, with the same-origin headers it sends.
 */
import { withCensusLock } from './census';
import { httpRequest, type HttpAnswer, type HttpOptions } from './http';
import { HOSTILE_BASE } from './layout';

export const LESSON_PAGE = '/learn/module-05/daemonsets';
export const SAME_ORIGIN = { origin: HOSTILE_BASE };
/** What a browser's Accept says for a page load (the portal issues the learner cookie only to those). */
export const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export class LearnerSetupError extends Error {
  constructor(step: string, answer: HttpAnswer) {
    super(`making a learner failed at ${step}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    this.name = 'LearnerSetupError';
  }
}

export interface TerminalResult {
  status: number;
  /** Every NDJSON line the route sent, parsed (non-JSON bodies give none). */
  lines: Array<{ out?: string; exit?: number | null; error?: string; stopped?: string; message?: string }>;
  out: string;
  exit?: number | null;
  error?: string;
  stopped?: string;
  text: string;
}

/** Cookies as a browser keeps them: name → value, from Set-Cookie headers. */
export class CookieJar {
  readonly values = new Map<string, string>();
  take(setCookies: string[]): void {
    for (const sc of setCookies) {
      const pair = sc.split(';')[0];
      const i = pair.indexOf('=');
      if (i > 0) this.values.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export class Learner {
  readonly jar = new CookieJar();
  clusterId = '';
  token = '';
  constructor(readonly label: string, readonly localAddress?: string) {}

  get cookie(): string {
    return this.jar.header();
  }

  async call(opts: HttpOptions & { sameOrigin?: boolean }): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...(opts.sameOrigin === false ? {} : SAME_ORIGIN), ...opts.headers };
    if (this.cookie && headers.cookie === undefined) headers.cookie = this.cookie;
    if (typeof opts.body === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const a = await httpRequest({ localAddress: this.localAddress, owner: this, ...opts, headers });
    this.jar.take(a.setCookies);
    return a;
  }

  post(path: string, body: unknown, extra: Partial<HttpOptions> = {}): Promise<HttpAnswer> {
    return this.call({ method: 'POST', path, body: JSON.stringify(body), ...extra });
  }

  get(path: string, extra: Partial<HttpOptions> = {}): Promise<HttpAnswer> {
    return this.call({ method: 'GET', path, sameOrigin: false, ...extra });
  }

  /** A page load as the browser makes it. */
  page(path: string, extra: Partial<HttpOptions> = {}): Promise<HttpAnswer> {
    return this.get(path, { ...extra, headers: { accept: PAGE_ACCEPT, ...extra.headers } });
  }

  /** Page GET (cookie issued), lab session, kubeconfig (cluster id and token). */
  async open(): Promise<this> {
    await withCensusLock(async () => {
      const page = await this.page(LESSON_PAGE);
      if (page.status !== 200) throw new LearnerSetupError(`GET ${LESSON_PAGE}`, page);
      const session = await this.post('/api/lab/session', {});
      if (session.status !== 200) throw new LearnerSetupError('POST /api/lab/session', session);
      this.clusterId = (JSON.parse(session.text) as { clusterId: string }).clusterId;
    });
    // The kubeconfig carries the cluster's token (as a bearer token, or in a /k8s/<id>/token-<t> server path).
    const kc = await this.get('/api/lab/kubeconfig');
    const token = kc.text.match(/^\s*token:\s*"?([A-Za-z0-9_-]+)"?\s*$/m)?.[1] ?? kc.text.match(/\/k8s\/[A-Za-z0-9_-]+\/token-([A-Za-z0-9_-]+)/)?.[1];
    if (kc.status !== 200 || !token) throw new LearnerSetupError('GET /api/lab/kubeconfig', { ...kc, text: kc.text.replace(/token[-:]\s*\S+/g, 'token: (hidden)') });
    this.token = token;
    return this;
  }

  /** The bench's terminal: runs one kubectl command line, reads the NDJSON to its end. */
  async terminal(command: string, opts: { editor?: string; timeoutMs?: number; signal?: AbortSignal; onChunk?: (s: string) => void } = {}): Promise<TerminalResult> {
    const a = await this.call({ method: 'POST', path: '/api/lab/terminal', body: JSON.stringify({ command, editor: opts.editor }), timeoutMs: opts.timeoutMs ?? 40_000, signal: opts.signal, onChunk: opts.onChunk });
    const lines: TerminalResult['lines'] = [];
    for (const l of a.text.split('\n')) {
      if (!l.trim()) continue;
      try {
        lines.push(JSON.parse(l));
      } catch {
        // not NDJSON: an error page; text keeps it
      }
    }
    const last = <K extends keyof TerminalResult['lines'][number]>(k: K) => lines.filter((l) => l[k] !== undefined).at(-1)?.[k];
    // A refused run is an {"error"} line; a refused request a 4xx with {error: code, message}.
    const error = a.status >= 400 ? ((last('message') ?? last('error')) as string | undefined) : (last('error') as string | undefined);
    return { status: a.status, lines, out: lines.map((l) => l.out ?? '').join(''), exit: last('exit') as number | null | undefined, error, stopped: last('stopped') as string | undefined, text: a.text };
  }

  apply(yaml: string, extra: Partial<HttpOptions> = {}): Promise<HttpAnswer> {
    return this.post('/api/lab/apply', { yaml }, extra);
  }

  /** A request to the learner's own cluster API, as their downloaded kubeconfig would make it. */
  k8s(path: string, opts: Partial<HttpOptions> = {}): Promise<HttpAnswer> {
    return httpRequest({ owner: this, ...opts, path: `/k8s/${this.clusterId}/token-${this.token}${path}`, localAddress: this.localAddress });
  }

  async k8sJson<T = { items?: Array<{ metadata: { name: string; uid: string; resourceVersion?: string }; data?: unknown; status?: { phase?: string } }> }>(path: string): Promise<T> {
    const a = await this.k8s(path, { headers: { accept: 'application/json' } });
    if (a.status !== 200) throw new Error(`GET ${path} on ${this.label}'s cluster: HTTP ${a.status} ${a.text.slice(0, 200)}`);
    return JSON.parse(a.text) as T;
  }

  /** Applies a busybox pod running `script` and waits until the cluster reports it Running. */
  async runPod(name: string, script: string, timeoutMs = 60_000): Promise<void> {
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: ["sh", "-c", ${JSON.stringify(script)}]\n`;
    const a = await this.apply(yaml);
    if (a.status !== 200) throw new Error(`apply of pod ${name}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const pod = await this.k8sJson<{ status?: { phase?: string } }>(`/api/v1/namespaces/default/pods/${name}`).catch(() => undefined);
      if (pod?.status?.phase === 'Running') return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`pod ${name} of ${this.label} was not Running within ${timeoutMs} ms`);
  }
}
