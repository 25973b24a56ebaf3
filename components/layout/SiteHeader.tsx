import Link from 'next/link';
import { SearchDialog } from '@/components/search/SearchDialog';
import { Logo } from './Logo';
import { ThemeToggle } from './ThemeToggle';

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-[var(--border)] bg-[var(--bg)]/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-[1600px] items-center gap-3 px-4">
        <Link href="/learn/module-05" className="flex items-center gap-2 font-semibold tracking-tight">
          <Logo />
          <span>Kubelab</span>
        </Link>
        <span className="hidden text-sm text-[var(--fg-soft)] sm:inline">Module 5 · Advanced Workloads</span>
        <div className="ml-auto flex items-center gap-2">
          <Link href="/learn/module-05/progress" className="rounded-md px-2 py-1 text-sm text-[var(--fg-soft)] hover:text-[var(--fg)]">
            Progress
          </Link>
          <SearchDialog />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
