'use client';
import { useEffect, useState } from 'react';
import { LEFT_STEP_EVENT, type LeftStep } from './back-to-step';

/**
 * A button pinned to the bottom of the screen after a step sent the learner down to the bench
 * (phone layout): it scrolls back to where they were and goes away.
 */
export function BackToStep() {
  const [back, setBack] = useState<number>();
  useEffect(() => {
    const onLeft = (e: Event) => setBack((e as CustomEvent<LeftStep>).detail.scrollY);
    window.addEventListener(LEFT_STEP_EVENT, onLeft);
    return () => window.removeEventListener(LEFT_STEP_EVENT, onLeft);
  }, []);
  if (back === undefined) return null;
  return (
    <button
      type="button"
      onClick={() => {
        window.scrollTo({ top: back, behavior: 'smooth' });
        setBack(undefined);
      }}
      className="fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-full border border-[var(--accent)] bg-[var(--bg)] px-4 py-2 text-sm font-semibold text-[var(--accent)] shadow-lg"
    >
      ↑ Back to the step
    </button>
  );
}
