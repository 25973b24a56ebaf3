/**
 * Golden files: text a test pins byte for byte, kept in the repository so a change that alters
 * it shows up in review as a diff of that text. `UPDATE_GOLDEN=1 npx vitest run <test>` rewrites
 * the files from what the code prints now; otherwise a difference fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export const updatingGolden = process.env.UPDATE_GOLDEN === '1';

export class GoldenMissingError extends Error {
  constructor(readonly file: string) {
    super(`golden file ${file} does not exist: run the test with UPDATE_GOLDEN=1 to write it, then review and commit it`);
    this.name = 'GoldenMissingError';
  }
}

/** Compares actual with the golden file (or, with UPDATE_GOLDEN=1, writes it). */
export function expectGolden(file: string, actual: string): void {
  if (updatingGolden) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== actual) fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new GoldenMissingError(file);
  expect(actual, `${path.basename(file)} differs from its golden file; if the change is meant, run with UPDATE_GOLDEN=1 and review the diff`).toBe(fs.readFileSync(file, 'utf8'));
}

/** Golden files in dir that no test wrote: left over from a kind or command that is gone. */
export function strayGoldenFiles(dir: string, written: Iterable<string>): string[] {
  const keep = new Set([...written].map((f) => path.resolve(f)));
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => path.resolve(dir, f))
    .filter((f) => !keep.has(f));
}
