'use client';

/** The bench's calls to the lab routes; errors carry the route's message. */
import type { DocumentResult } from '@/lib/k8s/client/apply';
import { reportSessionLost } from '@/components/layout/session-lost';

export class LabRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'LabRequestError';
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) reportSessionLost(res.status, body.message);
  if (!res.ok) throw new LabRequestError(res.status, body.message ?? `request failed (${res.status})`);
  return body;
}

export const labApi = {
  session: () => call<{ clusterId: string; namespace: string; pausedSeconds?: number }>('/api/lab/session', { method: 'POST', body: '{}' }),
  apply: (yaml: string, dryRun = false) => call<{ results: DocumentResult[] }>('/api/lab/apply', { method: 'POST', body: JSON.stringify({ yaml, dryRun }) }),
  remove: (yaml: string) => call<{ results: DocumentResult[] }>('/api/lab/delete', { method: 'POST', body: JSON.stringify({ yaml }) }),
  reset: () => call<{ clusterId: string }>('/api/lab/reset', { method: 'POST', body: '{}' }),
  clock: () => call<{ now: string; scale: number }>('/api/lab/clock'),
  setClock: (body: { scale?: number; advanceSeconds?: number }) => call<{ now: string; scale: number; truncated?: boolean }>('/api/lab/clock', { method: 'POST', body: JSON.stringify(body) }),
  node: (action: 'add' | 'remove' | 'fail' | 'recover' | 'cordon' | 'uncordon', node?: string) => call<{ node: string }>('/api/lab/nodes', { method: 'POST', body: JSON.stringify({ action, node }) }),
  drafts: (lesson: string) => call<{ drafts: { tab: string; content: string }[] }>(`/api/lab/drafts?lesson=${encodeURIComponent(lesson)}`),
  saveDraft: (lesson: string, tab: string, content: string) => call('/api/lab/drafts', { method: 'PUT', body: JSON.stringify({ lesson, tab, content }) }),
  dropDraft: (lesson: string, tab: string) => call(`/api/lab/drafts?lesson=${encodeURIComponent(lesson)}&tab=${encodeURIComponent(tab)}`, { method: 'DELETE' }),
};
