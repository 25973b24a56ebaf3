import type { ReactNode } from 'react';

export function Steps({ children }: { children?: ReactNode }) {
  return <ol className="my-6 space-y-6 border-l-2 border-[var(--border)] pl-6 [counter-reset:step]">{children}</ol>;
}

export function Step({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <li className="relative [counter-increment:step] before:absolute before:-left-[2.35rem] before:flex before:h-7 before:w-7 before:items-center before:justify-center before:rounded-full before:bg-[var(--accent)] before:text-sm before:font-semibold before:text-white before:content-[counter(step)]">
      <h4 className="font-semibold">{title}</h4>
      <div className="mt-2 [&>*+*]:mt-3">{children}</div>
    </li>
  );
}
