/** Types of stats.mjs, for the TypeScript benches. */
export function pct(xs: readonly number[], p: number): number;
export function median(xs: readonly number[]): number;
export function cpuUs(): number;
