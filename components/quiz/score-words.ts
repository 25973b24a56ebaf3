/** How the progress page words the module's quiz score. */

const pct = (f: number) => `${Math.round(f * 100)} %`;

/**
 * The module-wide share, said with what it is a share of: one quiz passed at 100 % is only a
 * small part of all the module's questions, and a bare "9 %" next to "Quiz score" reads as failing.
 */
export function moduleScoreDetail(m: { points: number; total: number; fraction: number; answered: number }): string {
  const points = Number.isInteger(m.points) ? String(m.points) : m.points.toFixed(1);
  return m.answered ? `${points} of the module's ${m.total} quiz questions right so far (${pct(m.fraction)} of all of them)` : `none of the module's ${m.total} quiz questions answered yet`;
}
