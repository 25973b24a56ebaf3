/**
 * <Quiz id="jobs" /> in a lesson (optionally group="..." for one part of a quiz). Runs on the
 * server: it loads the quiz file and hands the browser only the questions, never the answer
 * key or the explanations, which arrive with the feedback to an answer.
 */
import { findQuiz } from '@/lib/quiz/load';
import { quizView } from '@/lib/quiz/view';
import { QuizClient } from './QuizClient';

export function Quiz({ id, group }: { id: string; group?: string }) {
  const quiz = findQuiz(id);
  const view = quizView(quiz, group);
  if (group && !view.questions.length) throw new Error(`<Quiz id="${id}" group="${group}">: the quiz has no questions in that group`);
  const title = group ? (quiz.groups.find((g) => g.id === group)?.title ?? quiz.title) : quiz.title;
  return <QuizClient quiz={view} label={`Quiz: ${title}`} />;
}
