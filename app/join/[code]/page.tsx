import type { Metadata } from 'next';
import { JoinForm } from '@/components/classes/JoinForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Join a class', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/** The join link on the instructor's slide: /join/<code>. The code is checked when the learner joins (wrong codes are limited per address). */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const raw = decodeURIComponent((await params).code);
  const code = /^[A-Za-z0-9-]{1,12}$/.test(raw) ? raw.toUpperCase() : '';
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-12">
      <p className="text-sm font-medium text-[var(--accent)]">Kubelab</p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight">Join a class</h1>
      <p className="mt-3 text-[var(--fg-soft)]">Pick the name your instructor will see. Your progress and your lab cluster stay in this browser; your progress page gives you a recovery code for another device.</p>
      <JoinForm code={code} />
    </main>
  );
}
