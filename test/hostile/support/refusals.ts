/**
 * What a clear refusal looks like at the HTTP level: an API refusal is a 4xx with the
 * LabError JSON `{ error, message }`; a refused terminal command is an `{"error": ...}` line
 * (or such a 4xx) naming what was refused, and kubectl never ran (no exit line).
 */
import { expect } from '@playwright/test';
import type { HttpAnswer } from './http';
import type { TerminalResult } from './learner';

export function expectTerminalRefused(r: TerminalResult, names: RegExp): void {
  const message = r.error ?? (r.status >= 400 ? r.text : undefined);
  expect(message, `a refusal, not a run; got HTTP ${r.status}: ${r.text.slice(0, 400)}`).toBeTruthy();
  expect(r.exit, 'kubectl was not started').toBeUndefined();
  expect(message!, 'the refusal names what was refused').toMatch(names);
}

export function jsonOf(a: HttpAnswer): { error?: string; message?: string } {
  try {
    return JSON.parse(a.text) as { error?: string; message?: string };
  } catch {
    return {};
  }
}

/** A 4xx among `statuses` with a JSON message (a bounded, clear error rather than a 500 or a hang). */
export function expectRefusal(a: HttpAnswer, statuses: number[], message?: RegExp): void {
  expect(statuses, `HTTP ${a.status}: ${a.text.slice(0, 300)}`).toContain(a.status);
  const body = jsonOf(a);
  expect(typeof body.message === 'string' && body.message.length > 0, `a message saying what was refused: ${a.text.slice(0, 300)}`).toBe(true);
  if (message) expect(body.message!).toMatch(message);
}

interface ApplyResults {
  results?: Array<{ action?: string; problems?: Array<{ message?: string }> }>;
}

/**
 * The bench's apply refuses a document it cannot take in one of two clear ways: a 4xx with a
 * message, or an answer whose every document is an error naming the problem (the editor shows
 * it at the line). Either must name what was wrong.
 */
export function expectApplyRefused(a: HttpAnswer, message: RegExp): void {
  if (a.status >= 400) {
    expectRefusal(a, [400, 413, 422], message);
    return;
  }
  expect(a.status, a.text.slice(0, 300)).toBe(200);
  const results = (JSON.parse(a.text) as ApplyResults).results ?? [];
  expect(results.length, 'at least one document result').toBeGreaterThan(0);
  for (const r of results) expect(r.action, `no document was applied: ${a.text.slice(0, 300)}`).toBe('error');
  expect(results.flatMap((r) => r.problems ?? []).map((p) => p.message ?? '').join('\n')).toMatch(message);
}
