import { findScenario } from '@/lib/break-fix/definitions';
import { BreakFixPanel } from './BreakFixPanel';

/**
 * <BreakFixLab id="daemonset-control-plane" />: one break-and-fix scenario, rendered on the
 * server from content/module-05/break-fix/<id>.yaml; an unknown id fails the build.
 */
export function BreakFixLab({ id }: { id: string }) {
  const s = findScenario(id);
  return <BreakFixPanel view={{ scenario: s.scenario, title: s.title, symptom: s.symptom, goal: s.goal, broken: s.broken, hints: s.hints, beforeFix: s.beforeFix, fix: s.fix, afterFix: s.afterFix, debrief: s.debrief, links: s.links }} />;
}
