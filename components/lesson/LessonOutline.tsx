import type { OutlineItem } from '@/lib/content/outline';

export function LessonOutline({ items }: { items: OutlineItem[] }) {
  if (!items.length) return null;
  return (
    <nav aria-label="On this page" className="text-sm">
      <p className="mb-2 font-semibold">On this page</p>
      <ul className="space-y-1 border-l border-[var(--border)]">
        {items.map((item) => (
          <li key={item.id} className={item.depth === 3 ? 'pl-6' : 'pl-3'}>
            <a href={`#${item.id}`} className="block text-[var(--fg-soft)] hover:text-[var(--accent)]">
              {item.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
