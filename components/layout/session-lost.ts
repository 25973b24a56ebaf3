'use client';

/**
 * A write the portal refused with 401: the learner's cookie is not one it issued (cleared,
 * expired, or from another portal). The API clients report it here; SessionLostNotice tells the
 * learner and offers the reload that issues a fresh session with the page.
 */
export const SESSION_LOST_EVENT = 'kubelab:session-lost';

export function reportSessionLost(status: number, message?: string): void {
  if (status !== 401 || typeof window === 'undefined') return;
  window.dispatchEvent(new CustomEvent(SESSION_LOST_EVENT, { detail: message }));
}
