'use client';

/**
 * The handle between the lesson and the bench (large screens): drag it, or focus it and use
 * ←/→, to give the bench more or less of the page. The width is a CSS variable the lesson
 * grid reads (--bench-width), remembered in localStorage.
 */
import { useEffect, useState } from 'react';
import { BENCH_MIN_PX, BENCH_WIDTH_KEY, benchWidthFor, storedBenchWidth } from '@/lib/lab/bench-width';

/** The grid's default (--bench-width falls back to 30rem). */
const DEFAULT_BENCH_PX = 480;

function apply(px: number): void {
  document.documentElement.style.setProperty('--bench-width', `${px}px`);
}

export function BenchResizer() {
  // A focusable separator is a window splitter: assistive technology reads its position.
  // The server renders the default; the browser starts from the remembered width (the value
  // attributes may differ from the server's HTML, hence suppressHydrationWarning below).
  const [width, setWidth] = useState(() => (typeof window === 'undefined' ? DEFAULT_BENCH_PX : (storedBenchWidth(window.localStorage.getItem(BENCH_WIDTH_KEY)) ?? DEFAULT_BENCH_PX)));
  useEffect(() => {
    const stored = storedBenchWidth(localStorage.getItem(BENCH_WIDTH_KEY));
    if (stored) apply(stored);
  }, []);

  const set = (px: number) => {
    apply(px);
    setWidth(px);
    try {
      localStorage.setItem(BENCH_WIDTH_KEY, String(px));
    } catch {
      // not remembered; still applied
    }
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => set(benchWidthFor(ev.clientX, window.innerWidth));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const bench = e.currentTarget.parentElement?.getBoundingClientRect();
    const left = bench ? bench.left : window.innerWidth - 480;
    set(benchWidthFor(left + (e.key === 'ArrowLeft' ? -32 : 32), window.innerWidth));
  };

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the lab bench"
      suppressHydrationWarning
      aria-valuenow={width}
      aria-valuemin={BENCH_MIN_PX}
      aria-valuemax={4000}
      aria-valuetext={`lab bench ${width} pixels wide`}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      className="absolute -left-3 top-0 hidden h-full w-2 cursor-col-resize rounded bg-transparent hover:bg-[var(--border)] focus-visible:bg-[var(--accent)] xl:block"
    />
  );
}
