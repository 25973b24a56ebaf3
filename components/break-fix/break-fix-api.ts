/** The break-and-fix routes, from the browser. */
import { reportSessionLost } from '@/components/layout/session-lost';
import type { CheckAnswer, LoadAnswer } from './types';

export class BreakFixApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BreakFixApiError';
  }
}

async function post<T>(url: string, scenario: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario }) });
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) reportSessionLost(res.status, body.message);
  if (!res.ok) throw new BreakFixApiError(res.status, body.message ?? `HTTP ${res.status}`);
  return body;
}

export const breakFixApi = {
  load: (scenario: string) => post<LoadAnswer>('/api/exercises/break-fix/load', scenario),
  check: (scenario: string) => post<CheckAnswer>('/api/exercises/break-fix/check', scenario),
};
