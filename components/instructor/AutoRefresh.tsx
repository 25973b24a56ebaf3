'use client';
/**
 * Re-renders the server-built overview every 15 s while the tab is visible, so an instructor
 * watching the class sees steps tick without reloading. router.refresh keeps scroll position.
 */
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

const EVERY_MS = 15_000;

export function AutoRefresh({ generatedAt }: { generatedAt: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p className="text-sm text-[var(--fg-soft)]" aria-live="off">
      Updated at <time dateTime={generatedAt}>{new Date(generatedAt).toLocaleTimeString('en-GB')}</time>; refreshes every 15 s while this tab is open.
    </p>
  );
}
