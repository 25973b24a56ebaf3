/**
 * The part of haproxy.cfg the sandbox follows: `frontend` (bind, default_backend,
 * use_backend without ACLs), `backend` (server lines), and `listen` sections (bind + server);
 * `mode` per section or from `defaults`. Everything else is accepted and ignored.
 */
export interface HaproxyServer {
  name: string;
  host: string;
  port: number;
}

export interface HaproxyFrontend {
  name: string;
  port: number;
  mode: 'http' | 'tcp';
  servers: HaproxyServer[];
  backend?: string;
}

export class HaproxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HaproxyConfigError';
  }
}

interface Section {
  kind: string;
  name: string;
  lines: string[][];
}

export function parseHaproxyConfig(text: string): HaproxyFrontend[] {
  const sections: Section[] = [];
  for (const raw of text.split('\n')) {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    if (['global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'userlist', 'peers'].includes(words[0])) sections.push({ kind: words[0], name: words[1] ?? '', lines: [] });
    else sections.at(-1)?.lines.push(words);
  }
  const defaultsMode = modeOf(sections.filter((s) => s.kind === 'defaults').at(-1)) ?? 'tcp';
  const backends = new Map(sections.filter((s) => s.kind === 'backend').map((s) => [s.name, s]));
  const out: HaproxyFrontend[] = [];
  for (const s of sections.filter((x) => x.kind === 'frontend' || x.kind === 'listen')) {
    const mode = modeOf(s) ?? defaultsMode;
    const backendName = s.lines.find((l) => l[0] === 'default_backend' || (l[0] === 'use_backend' && l.length === 2))?.[1];
    let servers = serversOf(s);
    if (backendName) {
      const b = backends.get(backendName);
      if (!b) throw new HaproxyConfigError(`Proxy '${s.name}': unable to find required default_backend: '${backendName}'.`);
      servers = serversOf(b);
    }
    for (const bind of s.lines.filter((l) => l[0] === 'bind')) {
      const port = Number(/:(\d+)$/.exec(bind[1] ?? '')?.[1]);
      if (!Number.isInteger(port)) throw new HaproxyConfigError(`parsing [haproxy.cfg] : 'bind' : invalid address: '${bind[1] ?? ''}'`);
      out.push({ name: s.name, port, mode, servers, backend: backendName });
    }
  }
  return out;
}

function modeOf(s: Section | undefined): 'http' | 'tcp' | undefined {
  const m = s?.lines.find((l) => l[0] === 'mode')?.[1];
  return m === 'http' || m === 'tcp' ? m : undefined;
}

function serversOf(s: Section): HaproxyServer[] {
  return s.lines
    .filter((l) => l[0] === 'server' && l[2])
    .map((l) => {
      const i = l[2].lastIndexOf(':');
      return { name: l[1], host: i < 0 ? l[2] : l[2].slice(0, i), port: i < 0 ? 80 : Number(l[2].slice(i + 1)) };
    });
}
