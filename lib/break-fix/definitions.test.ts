/**
 * The scenarios as content: every file is valid against the schema, names a goal check that
 * exists, links only to lessons and headings that exist (the troubleshooting tree among them),
 * and the hints' commands are kubectl commands the bench's terminal runs. Bad definitions are
 * refused with the file and the field.
 */
import { describe, expect, it } from 'vitest';
import { moduleLessons } from '../content/lessons';
import { GOAL_CHECKS } from './checks';
import { BreakFixDefinitionError, findScenario, LESSON_LINK, loadScenarios, parseScenario, UnknownScenarioError } from './definitions';

const scenarios = loadScenarios();

const VALID = `scenario: demo
title: A demo
symptom: Something is off.
goal: It works.
check: node-agent-on-every-node
broken: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers: [{ name: c, image: busybox:1.36 }]
hints:
  - text: Look.
  - text: Look again.
    command: kubectl get pods
fix: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers: [{ name: c, image: busybox:1.36 }]
debrief: Because.
links:
  - label: tree
    href: /learn/module-05/troubleshooting#the-diagnostic-tree
`;

describe('break-and-fix scenario files', () => {
  it('are at least the six the module promises, each with its own goal check', () => {
    expect(scenarios.map((s) => s.scenario)).toEqual(['cronjob-skipped-runs', 'daemonset-control-plane', 'init-wrong-selector', 'job-exit-code-policy', 'pending-untolerated-taint', 'statefulset-stuck-ordinal']);
    expect(new Set(scenarios.map((s) => s.check)).size).toBe(scenarios.length);
    expect(Object.keys(GOAL_CHECKS).sort()).toEqual(scenarios.map((s) => s.check).sort());
  });

  it('link only to lessons and headings that exist, and each debrief to the troubleshooting lesson', () => {
    const lessons = new Map(moduleLessons().map((l) => [l.slug, new Set(l.outline.map((o) => o.id))]));
    for (const s of scenarios) {
      for (const link of s.links) {
        const [, slug, anchor] = LESSON_LINK.exec(link.href)!;
        expect(lessons.has(slug), `${s.scenario}: ${link.href}`).toBe(true);
        if (anchor) expect(lessons.get(slug)!.has(anchor), `${s.scenario}: ${link.href}`).toBe(true);
      }
      expect(s.links.some((l) => l.href.startsWith('/learn/module-05/troubleshooting#'))).toBe(true);
    }
  });

  it('give hints whose commands are kubectl commands, one per line, as the bench terminal takes them', () => {
    for (const s of scenarios) {
      for (const c of [...s.hints.map((h) => h.command), s.beforeFix, s.afterFix].filter((x): x is string => Boolean(x))) {
        expect(c, s.scenario).toMatch(/^kubectl [a-z]/);
        expect(c, s.scenario).not.toContain('\n');
      }
    }
  });

  it('finds a scenario by id and refuses an unknown one by name', () => {
    expect(findScenario('init-wrong-selector').title).toBe('The shop that waits forever for its database');
    expect(() => findScenario('no-such-lab')).toThrow(UnknownScenarioError);
    expect(() => findScenario('x'.repeat(500))).toThrow(/^no break-and-fix scenario "x{64}"$/);
  });
});

describe('a scenario definition', () => {
  const parse = (text: string) => () => parseScenario('content/module-05/break-fix/demo.yaml', text);

  it('that is valid parses', () => {
    expect(parse(VALID)().scenario).toBe('demo');
  });

  it('naming a check that does not exist is refused with the field', () => {
    expect(parse(VALID.replace('check: node-agent-on-every-node', 'check: nope'))).toThrow('content/module-05/break-fix/demo.yaml (check): no check with this id in lib/break-fix/checks');
  });

  it('whose fix changes an object the broken state does not have is refused', () => {
    expect(parse(VALID.replace(/fix: \|\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p/, 'fix: |\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: q'))).toThrow(/\(fix\): Pod\/q is not one of the broken objects \(Pod\/p\)/);
  });

  it('with a manifest that names a namespace is refused: scenarios load into the learner\'s namespace', () => {
    expect(parse(VALID.replace('    name: p\n  spec:', '    name: p\n    namespace: kube-system\n  spec:'))).toThrow(/\(broken\): document 1 must not name a namespace/);
  });

  it('linking outside the module, or not to the troubleshooting lesson, is refused', () => {
    expect(parse(VALID.replace('/learn/module-05/troubleshooting#the-diagnostic-tree', 'https://example.com/'))).toThrow(BreakFixDefinitionError);
    expect(parse(VALID.replace('/learn/module-05/troubleshooting#the-diagnostic-tree', '/learn/module-05/jobs'))).toThrow(/the debrief must link to the troubleshooting lesson/);
  });

  it('whose file name differs from its id is refused', () => {
    expect(() => parseScenario('content/module-05/break-fix/other.yaml', VALID)).toThrow(/\(scenario\): must match the file name \(other\)/);
  });
});
