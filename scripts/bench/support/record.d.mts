/** Types of record.mjs, for the TypeScript benches and the test. */
export interface ResultRow {
  figure: string;
  value: string;
  command: string;
  date: string;
  machine: string;
}
export interface BenchResults {
  readonly recording: boolean;
  add(figure: string, value: string): void;
  save(): boolean;
}
export const RESULTS_FILE: string;
export function sectionText(bench: string, rows: ResultRow[]): string;
export function replaceSection(markdown: string, bench: string, section: string): string;
export function machineNote(): string;
export function benchResults(bench: string, opts?: { argv?: string[]; file?: string; now?: number; command?: string; machine?: string }): BenchResults;
