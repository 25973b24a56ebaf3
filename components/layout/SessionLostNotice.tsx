'use client';

import { useEffect, useState } from 'react';
import { SESSION_LOST_EVENT } from './session-lost';

/** Shown when the portal no longer knows this browser's session: says so and offers a reload. */
export function SessionLostNotice() {
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => {
    const onLost = (e: Event) => setMessage((e as CustomEvent<string | undefined>).detail ?? 'your session is not known to this portal; reload the page to start a new one');
    window.addEventListener(SESSION_LOST_EVENT, onLost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, onLost);
  }, []);
  if (!message) return null;
  return (
    <div role="alert" className="fixed inset-x-0 bottom-4 z-50 mx-auto flex max-w-xl items-center gap-3 rounded-lg border border-[var(--border)] bg-[var(--bg-soft)] p-3 shadow-lg">
      <p className="flex-1 text-sm">The portal did not save that: {message}.</p>
      <button type="button" className="rounded bg-[var(--accent)] px-3 py-1 text-sm font-medium text-white" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
