'use client';

import { useSyncExternalStore } from 'react';
import { BENCH_BELOW_LESSON_QUERY } from './back-to-step';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(BENCH_BELOW_LESSON_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the bench sits below the lesson (phone, tablet), following rotations and resizes. */
export function useBenchBelowLesson(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(BENCH_BELOW_LESSON_QUERY).matches, () => false);
}
