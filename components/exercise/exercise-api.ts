/** The exercise routes, from the browser. */
import type { StepState } from './types';
import { reportSessionLost } from '@/components/layout/session-lost';

export class ExerciseApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExerciseApiError';
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) reportSessionLost(res.status, body.message);
  if (!res.ok) throw new ExerciseApiError(res.status, body.message ?? `HTTP ${res.status}`);
  return body;
}

export const exerciseApi = {
  check: (exercise: string) => call<{ steps: StepState[]; checkedAt: string }>('/api/exercises/check', { method: 'POST', body: JSON.stringify({ exercise }) }),
  progress: (exercise: string) => call<{ steps: StepState[] }>(`/api/exercises/progress?exercise=${encodeURIComponent(exercise)}`),
  solution: (exercise: string, step: string) => call<{ solution: string }>('/api/exercises/solution', { method: 'POST', body: JSON.stringify({ exercise, step }) }),
};
