/**
 * The few figures every bench prints, in one place: a percentile (nearest rank, as the benches
 * have always counted it), a median, and this process's CPU time.
 */

/** The p-th percentile of xs by nearest rank; NaN for no samples. */
export const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/** The middle sample (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** This process's CPU time so far (user + system, every thread), in microseconds. */
export const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
