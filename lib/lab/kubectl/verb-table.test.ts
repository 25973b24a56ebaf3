/**
 * The table's arities must be kubectl's, or the terminal would read a command differently from
 * kubectl (a `bool` that is really a value flag would let the next word through unchecked). Each
 * row is compared with the real `kubectl <command> --help` of the client the sandbox selects.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VerbSpec } from './flag-spec';
import { GLOBAL_FLAGS, VERBS } from './verb-table';

/** The 1.32 client beside Google Cloud SDK's dispatcher (the one the sandbox's /version selects). */
const CLIENT = ['/usr/lib/google-cloud-sdk/bin/kubectl.1.32', process.env.KUBELAB_KUBECTL ?? '', '/usr/bin/kubectl'].find((p) => p && fs.existsSync(p));
const requireKubectl = process.env.CI === 'true' || Boolean(CLIENT);

function rows(children: Record<string, VerbSpec> = VERBS, prefix: string[] = []): Array<[string, VerbSpec]> {
  return Object.entries(children).flatMap(([name, spec]) => [[[...prefix, name].join(' '), spec] as [string, VerbSpec], ...rows(spec.subcommands ?? {}, [...prefix, name])]);
}

const kubectl = (args: string[]) => spawnSync(CLIENT!, args, { encoding: 'utf8', timeout: 20_000, env: { NODE_ENV: process.env.NODE_ENV, PATH: '/usr/bin:/bin', HOME: '/nonexistent', KUBECONFIG: '/nonexistent' } });

/** `--name=default:` lines of `--help`: [short, arity as the help shows it]. */
function helpFlags(path: string): Map<string, { short?: string; bool: boolean }> {
  const out = kubectl([...path.split(' '), '--help']).stdout;
  const flags = new Map<string, { short?: string; bool: boolean }>();
  for (const m of out.matchAll(/^ +(?:-(\w), )?--([\w-]+)=(.*):$/gm)) flags.set(m[2], { short: m[1], bool: m[3] === 'true' || m[3] === 'false' });
  return flags;
}

describe.runIf(requireKubectl)('the verb table against the real kubectl', () => {
  it.each(rows().filter(([, s]) => !s.refused && !s.needsSubcommand && Object.keys(s.flags).length > 0))('every flag of kubectl %s exists in kubectl with the same shorthand and arity', (path, spec) => {
    const real = helpFlags(path);
    for (const [name, f] of Object.entries(spec.flags)) {
      const r = real.get(name);
      expect(r, `kubectl ${path} --${name}`).toBeDefined();
      expect(r!.short, `kubectl ${path} --${name} shorthand`).toBe(f.short);
      expect(r!.bool, `kubectl ${path} --${name} is bool`).toBe(f.arity === 'bool');
      if (f.arity !== 'bool') {
        // A value flag alone at the end: kubectl says it needs an argument unless it has a NoOptDefVal.
        const bare = kubectl([...path.split(' '), `--${name}`]);
        expect(/needs an argument/.test(bare.stderr), `kubectl ${path} --${name} takes the next word`).toBe(f.arity === 'value');
      }
    }
  });

  it('every global flag the table allows is one of kubectl options, with the same shorthand and arity', () => {
    const out = kubectl(['options']).stdout;
    const real = new Map([...out.matchAll(/^ +(?:-(\w), )?--([\w-]+)=(.*):$/gm)].map((m) => [m[2], { short: m[1], bool: m[3] === 'true' || m[3] === 'false' }]));
    for (const [name, f] of Object.entries(GLOBAL_FLAGS)) {
      if (f.refused && !real.has(name)) continue; // klog flags older clients had
      if (name === 'help') continue;
      expect(real.get(name), `--${name}`).toEqual({ short: f.short, bool: f.arity === 'bool' });
    }
  });
});
