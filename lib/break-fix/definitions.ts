/**
 * Break-and-fix scenarios: data, not code. One YAML file per scenario under
 * content/module-05/break-fix/, named after its id: the story the learner is told, the broken
 * manifests the lab bench loads into their cluster, a goal with the id of the check that says it
 * is reached, hints in the order a careful engineer would look, the repaired manifests and a
 * debrief whose links lead back into the module (the troubleshooting tree first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MODULE_DIR } from '../content/paths';
import { parseManifests } from '../k8s/manifests/parse';
import { isGoalCheckId } from './checks';

export const BREAK_FIX_DIR = path.join(MODULE_DIR, 'break-fix');
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Links stay inside the module's lessons: `/learn/module-05/<slug>` with an optional `#heading`. */
export const LESSON_LINK = /^\/learn\/module-05\/([a-z0-9-]+)(?:#([a-z0-9-]+))?$/;

const hintSchema = z.object({ text: z.string().min(1), command: z.string().min(1).optional() }).strict();

const scenarioSchema = z
  .object({
    scenario: z.string().regex(ID, 'lower case letters, digits and dashes'),
    title: z.string().min(1),
    symptom: z.string().min(1),
    goal: z.string().min(1),
    check: z.string().refine(isGoalCheckId, { message: 'no check with this id in lib/break-fix/checks' }),
    broken: z.string().min(1),
    hints: z.array(hintSchema).min(2),
    /** A command to run before applying `fix` (a Job must be deleted: its template cannot change). */
    beforeFix: z.string().min(1).optional(),
    fix: z.string().min(1),
    /** A command to run after applying `fix` (a pod that keeps an old revision). */
    afterFix: z.string().min(1).optional(),
    debrief: z.string().min(1),
    links: z
      .array(z.object({ label: z.string().min(1), href: z.string().regex(LESSON_LINK, 'a lesson of the module: /learn/module-05/<slug>#<heading>') }).strict())
      .min(1)
      .refine((l) => l.some((x) => x.href.startsWith('/learn/module-05/troubleshooting')), { message: 'the debrief must link to the troubleshooting lesson' }),
  })
  .strict();

export type BreakFixScenario = z.infer<typeof scenarioSchema>;

export class BreakFixDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    problem: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${problem}`);
    this.name = 'BreakFixDefinitionError';
  }
}

export class UnknownScenarioError extends Error {
  constructor(readonly scenario: string) {
    super(`no break-and-fix scenario "${scenario.slice(0, 64)}"`);
    this.name = 'UnknownScenarioError';
  }
}

interface Named {
  kind: string;
  name: string;
}

/** The objects of a manifest text, each with a kind and a name (a scenario's YAML must parse cleanly). */
export function objectsIn(file: string, field: string, text: string): Named[] {
  return parseManifests(text).map((doc) => {
    const o = doc.object as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
    if (!o || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') throw new BreakFixDefinitionError(file, field, `document ${doc.index} needs a kind and a metadata.name`);
    // Everything lands in the learner's namespace, like the bench's own Apply.
    if (o.metadata.namespace !== undefined) throw new BreakFixDefinitionError(file, field, `document ${doc.index} must not name a namespace`);
    return { kind: o.kind, name: o.metadata.name };
  });
}

export function parseScenario(file: string, text: string): BreakFixScenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new BreakFixDefinitionError(file, '', `not valid YAML: ${(err as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BreakFixDefinitionError(file, issue.path.join('.'), issue.message);
  }
  const def = parsed.data;
  if (path.basename(file, '.yaml') !== def.scenario) throw new BreakFixDefinitionError(file, 'scenario', `must match the file name (${path.basename(file, '.yaml')})`);
  const broken = objectsIn(file, 'broken', def.broken);
  const key = (o: Named) => `${o.kind}/${o.name}`;
  const brokenKeys = new Set(broken.map(key));
  // The fix repairs objects the scenario loaded; loading again must be able to undo it.
  for (const o of objectsIn(file, 'fix', def.fix)) {
    if (!brokenKeys.has(key(o))) throw new BreakFixDefinitionError(file, 'fix', `${key(o)} is not one of the broken objects (${[...brokenKeys].join(', ')})`);
  }
  return def;
}

export function loadScenarios(dir = BREAK_FIX_DIR): BreakFixScenario[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseScenario(path.join('content/module-05/break-fix', f), fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, f), 'utf8')));
}

let cache: Map<string, BreakFixScenario> | undefined;

export function findScenario(id: string): BreakFixScenario {
  // Re-read in development so an edited scenario shows without a restart.
  if (!cache || process.env.NODE_ENV === 'development') cache = new Map(loadScenarios().map((s) => [s.scenario, s]));
  const def = cache.get(id);
  if (!def) throw new UnknownScenarioError(id);
  return def;
}
