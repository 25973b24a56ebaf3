/**
 * The Dockerfile builds what `npm start` runs. No container engine runs on the machines this is
 * tested on, so the image is checked by reading the Dockerfile against the files `npm start`
 * uses: the same command, the same Node major as package.json's engines, a runtime stage that
 * has every file scripts/start.mjs and server.ts's imports need (copied from the stage that ran
 * the production build), a non-root user, the data directory as the volume, the health check on
 * /healthz, and the terminal's kubectl with bubblewrap and socat.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyPaths, parseDockerfile, stageEnv, stageNamed, type Instruction, type Stage } from './dockerfile';
import { KUBERNETES_VERSION } from '../k8s/sandbox/apiserver/discovery';

const root = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const file = parseDockerfile(read('Dockerfile'));
const runtime = file.stages[file.stages.length - 1];
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };
const env = stageEnv(runtime);
const all = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);
const last = (stage: Stage, keyword: string): Instruction | undefined => all(stage, keyword).at(-1);

/** Every file server.ts reaches through relative or @/ imports (what tsx loads at start). */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const src = read(rel);
    for (const m of src.matchAll(/(?:from|import)\s*\(?\s*'((?:\.{1,2}|@)\/[^']+)'/g)) {
      const spec = m[1];
      const base = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(path.join(root, rel)), spec);
      const found = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts'].map((ext) => base + ext).find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
      if (found && !found.includes('node_modules')) visit(path.relative(root, found));
    }
  };
  visit(entry);
  return seen;
}

/** The runtime stage's copies from another stage: destination (relative to WORKDIR /app) → source stage. */
function runtimeCopies(): { dest: string; from: string; source: string }[] {
  const workdir = last(runtime, 'WORKDIR')!.args;
  return all(runtime, 'COPY').flatMap((c) => {
    const { sources, dest } = copyPaths(c);
    return sources.map((source) => {
      const base = source.replace(/^\/app\/?/, '');
      const d = dest.endsWith('/') || sources.length > 1 ? path.posix.join(dest, path.posix.basename(source)) : dest;
      return { dest: path.posix.relative(workdir, path.posix.resolve(workdir, d)), from: c.flags.from ?? '', source: base };
    });
  });
}

/** Whether a path of the checkout is in the runtime image (copied itself or inside a copied folder). */
function inImage(rel: string): boolean {
  return runtimeCopies().some((c) => c.dest === rel || rel.startsWith(`${c.dest}/`));
}

describe('the Dockerfile builds what npm start runs', () => {
  it('runs the same command as package.json\'s start script, under tini, stopping on SIGTERM', () => {
    expect(last(runtime, 'CMD')!.exec).toEqual(pkg.scripts.start.split(' '));
    expect(last(runtime, 'ENTRYPOINT')!.exec).toEqual(['/usr/bin/tini', '--']);
    expect(last(runtime, 'STOPSIGNAL')!.args).toBe('SIGTERM');
  });

  it('uses the Node major version package.json\'s engines asks for in every stage, slim bookworm at run time', () => {
    const major = /(\d+)/.exec(pkg.engines.node)![1];
    for (const stage of file.stages) expect(stage.from, stage.name).toMatch(new RegExp(`^node:${major}-bookworm`));
    expect(runtime.from).toBe(`node:${major}-bookworm-slim`);
    // The engines minimum is met by the image's Node 20 line (20.19 and later).
    expect(pkg.engines.node).toMatch(new RegExp(`^>=${major}\\.`));
  });

  it('installs dependencies with npm ci from the lock file and runs the production build in the stage the runtime copies from', () => {
    const deps = stageNamed(file, 'deps')!;
    expect(all(deps, 'COPY').flatMap((c) => copyPaths(c).sources)).toEqual(['package.json', 'package-lock.json']);
    expect(all(deps, 'RUN').some((r) => /\bnpm ci\b/.test(r.args))).toBe(true);
    const build = stageNamed(file, 'build')!;
    expect(all(build, 'RUN').map((r) => r.args)).toContain('npm run build');
    expect(pkg.scripts.build).toBe('next build');
    expect(pkg.scripts.prebuild).toBe('npm run gen:schemas');
    for (const c of runtimeCopies().filter((x) => x.from !== '' && x.from !== 'kubectl')) expect(c.from, c.dest).toBe('build');
  });

  it('has every file start.mjs reads: the build, the sources it compares with it, tsx and server.ts', () => {
    const start = read('scripts/start.mjs');
    const sourceDirs = JSON.parse(/const sources = (\[[^\]]*\])/.exec(start)![1].replace(/'/g, '"')) as string[];
    // path.join(root, '.next', 'BUILD_ID') and the like: every literal path start.mjs builds under the checkout.
    const joined = [...start.matchAll(/path\.join\(root((?:, '[^']+')+)\)/g)].map((m) => [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).join('/'));
    const spawned = /\[path\.join\(root, '[^']+'\), '([^']+)'\]/.exec(start)![1];
    const needed = [...sourceDirs.filter((d) => fs.existsSync(path.join(root, d))), ...joined, spawned, 'scripts/start.mjs', 'package.json', 'package-lock.json', 'next.config.mjs', 'tsconfig.json', 'scripts/gen-k8s-schemas.ts', 'node_modules'];
    expect(needed).toContain('.next/BUILD_ID');
    expect(needed).toContain('server.ts');
    for (const rel of needed) expect(inImage(rel), rel).toBe(true);
  });

  it('has every file server.ts imports (the sandbox, the lab, the learners) under the folders it copies', () => {
    const closure = importClosure('server.ts');
    expect(closure.size).toBeGreaterThan(50);
    for (const rel of closure) expect(inImage(rel), rel).toBe(true);
  });

  it('makes the build and the schemas newer than their sources, so a start never rebuilds as the non-root user', () => {
    const runs = all(runtime, 'RUN').map((r) => r.args);
    const touch = runs.find((r) => r.includes('touch'))!;
    expect(touch.indexOf('k8s-schemas.json')).toBeLessThan(touch.indexOf('.next/BUILD_ID'));
    const copyIndex = Math.max(...runtime.instructions.map((i, n) => (i.keyword === 'COPY' ? n : -1)));
    expect(runtime.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.includes('touch'))).toBeGreaterThan(copyIndex);
  });

  it('runs as a non-root user whose uid a RUN creates, and who owns the data directory and .next', () => {
    const user = last(runtime, 'USER')!.args;
    const [uid, gid] = user.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    const created = all(runtime, 'RUN').map((r) => r.args).find((r) => r.includes('useradd'))!;
    expect(created).toContain(`--uid ${uid}`);
    expect(created).toContain(`--gid ${gid}`);
    expect(created).toContain(`chown kubelab:kubelab ${env.KUBELAB_DATA_DIR}`);
    expect(all(runtime, 'COPY').find((c) => copyPaths(c).dest === './.next')!.flags.chown).toBe(`${uid}:${gid}`);
  });

  it('keeps the data directory (KUBELAB_DATA_DIR) as the volume and exposes PORT', () => {
    expect(env.KUBELAB_DATA_DIR).toBe('/data');
    expect(last(runtime, 'VOLUME')!.exec).toEqual([env.KUBELAB_DATA_DIR]);
    expect(last(runtime, 'EXPOSE')!.args).toBe(env.PORT);
    expect(env.NODE_ENV).toBe('production');
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('checks health on /healthz at the port the portal listens on', () => {
    const hc = last(runtime, 'HEALTHCHECK')!;
    expect(hc.args).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+\s+CMD \[/);
    expect(hc.args).toContain("path:'/healthz'");
    expect(hc.args).toContain('process.env.PORT');
  });

  it('gives the terminal kubectl (the client matching the sandbox\'s version, checksum checked) and bubblewrap + socat', () => {
    const kubectl = stageNamed(file, 'kubectl')!;
    const version = all(kubectl, 'ARG').find((a) => a.args.startsWith('KUBECTL_VERSION='))!.args.split('=')[1];
    expect(version.split('.').slice(0, 2).join('.')).toBe(`v${KUBERNETES_VERSION.major}.${KUBERNETES_VERSION.minor}`);
    const download = all(kubectl, 'RUN').map((r) => r.args).find((r) => r.includes('dl.k8s.io'))!;
    expect(download).toContain('https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/');
    expect(download).toContain('sha256sum --check');
    const copied = runtimeCopies().find((c) => c.from === 'kubectl')!;
    // Under /usr: the confinement mounts /usr read-only, so kubectl needs no extra mount (confine.ts).
    expect(copied.source).toBe('/usr/local/bin/kubectl');
    const installs = all(runtime, 'RUN').map((r) => r.args).find((r) => r.includes('apt-get install'))!;
    for (const p of ['bubblewrap', 'socat', 'tini']) expect(installs).toMatch(new RegExp(`\\b${p}\\b`));
  });

  it('leaves this machine\'s dependencies, builds and data out of the build context, and nothing start needs', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['node_modules', '.next', '.data', '.git', '**/instructor-token', '**/cookie-secret']) expect(ignored).toContain(p);
    const matches = (rel: string) => ignored.some((p) => {
      const re = new RegExp(`^${p.replace(/[.+^$()|[\]{}]/g, '\\$&').replace(/\*\*\//g, '(?:.*/)?').replace(/\*/g, '[^/]*')}(?:/.*)?$`);
      return re.test(rel);
    });
    for (const rel of ['package.json', 'package-lock.json', 'server.ts', 'scripts/start.mjs', 'lib/k8s/sandbox/host.ts', 'app', 'content', 'components', 'next.config.mjs', 'tsconfig.json']) expect(matches(rel), rel).toBe(false);
    expect(matches('lib/k8s/schemas/generated/k8s-schemas.json')).toBe(true);
    expect(matches('.data/kubelab.db')).toBe(true);
  });
});
