import type { Metadata } from 'next';
import { LessonSidebar } from '@/components/lesson/LessonSidebar';
import { DisplayNameForm } from '@/components/quiz/DisplayNameForm';
import { RecoveryCode } from '@/components/classes/RecoveryCode';
import { ProgressBoard } from '@/components/quiz/ProgressBoard';
import { lessonMeta, moduleLessons } from '@/lib/content/lessons';
import { quizzes } from '@/lib/quiz/load';

export const metadata: Metadata = { title: 'Your progress', description: 'What you have read, answered and practised in Module 5, and what is left.' };

export default function ProgressPage() {
  const lessons = moduleLessons().map(lessonMeta);
  const titles = Object.fromEntries(lessons.map((l) => [l.slug, l.title]));
  const order = new Map(lessons.map((l, i) => [l.slug, i]));
  const quizList = [...quizzes().values()].sort((a, b) => (order.get(a.lesson) ?? 0) - (order.get(b.lesson) ?? 0)).map((q) => ({ id: q.id, lesson: q.lesson, title: q.title }));
  return (
    <div className="mx-auto grid max-w-[1600px] lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 lg:px-4">
      <LessonSidebar lessons={lessons} />
      <main id="main" className="min-w-0 px-4 py-8 lg:px-0">
        <div className="mx-auto max-w-[56rem]">
          <p className="text-sm font-medium text-[var(--accent)]">Module 5</p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight">Your progress</h1>
          <p className="mt-2 text-[var(--fg-soft)]">
            Ticked from what you have done: lessons you read to the end, your quiz answers and the exercise checks you passed. It is saved on this portal under your browser&apos;s learner
            cookie; export it to keep a copy or to move it to another browser.
          </p>
          <ProgressBoard lessonTitles={titles} lessonCount={lessons.length} quizzes={quizList} />
          <DisplayNameForm />
          <RecoveryCode />
        </div>
      </main>
    </div>
  );
}
