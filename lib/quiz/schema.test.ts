import { describe, expect, it } from 'vitest';
import { parseQuizFile, QuizContentError } from './load';

const FILE = 'content/module-05/quizzes/jobs.yaml';

function problem(text: string): string {
  try {
    parseQuizFile(FILE, text);
  } catch (err) {
    expect(err).toBeInstanceOf(QuizContentError);
    return (err as Error).message;
  }
  throw new Error('expected the quiz to be refused');
}

const head = 'id: jobs\nlesson: jobs\ntitle: Jobs\nquestions:\n';

describe('quiz schema', () => {
  it('accepts a valid quiz and defaults the pass mark and groups', () => {
    const quiz = parseQuizFile(FILE, `${head}  - id: a\n    kind: workload\n    prompt: Which type runs once per node?\n    answer: DaemonSet\n    explanation: One pod per eligible node.\n`);
    expect(quiz).toMatchObject({ passMark: 0.7, groups: [], questions: [{ id: 'a', kind: 'workload', answer: 'DaemonSet' }] });
  });

  const cases: [string, string, string][] = [
    ['an answer that is not an option', `${head}  - id: pick\n    kind: single\n    prompt: Which one is right?\n    options: [{id: a, text: A}, {id: b, text: B}]\n    answer: c\n    explanation: Because it is.\n`, `${FILE}: question "pick": answer: answer must be the id of one of the options`],
    ['a line outside the manifest', `${head}  - id: bug\n    kind: bug\n    prompt: Which line is wrong?\n    manifest: "a: 1\\nb: 2\\n"\n    answer: [3]\n    check: semantic\n    explanation: Because it is.\n`, `${FILE}: question "bug": answer: answer lines must be lines of the manifest`],
    ['an unknown field', `${head}  - id: w\n    kind: workload\n    prompt: Which type runs once per node?\n    answer: DaemonSet\n    explanation: One pod per eligible node.\n    hint: nope\n`, `${FILE}: question "w"`],
    ['a workload type that does not exist', `${head}  - id: w\n    kind: workload\n    prompt: Which type runs once per node?\n    answer: ReplicaController\n    explanation: One pod per eligible node.\n`, `${FILE}: question "w": answer:`],
    ['a question without an id, by position', `${head}  - kind: workload\n    prompt: Which type runs once per node?\n    answer: DaemonSet\n    explanation: One pod per eligible node.\n`, `${FILE}: question "#1": id:`],
    ['a repeated question id', `${head}  - {id: a, kind: workload, prompt: Which type runs per node?, answer: DaemonSet, explanation: One per node.}\n  - {id: a, kind: workload, prompt: Which type runs per node?, answer: DaemonSet, explanation: One per node.}\n`, 'question id "a" is used twice'],
    ['a group that is not declared', `${head}  - {id: a, group: nope, kind: workload, prompt: Which type runs per node?, answer: DaemonSet, explanation: One per node.}\n`, `question "a": group: group "nope" is not one of the quiz's groups`],
    ['an id that is not the file name', `id: cronjobs\nlesson: jobs\ntitle: Jobs\nquestions:\n  - {id: a, kind: workload, prompt: Which type runs per node?, answer: DaemonSet, explanation: One per node.}\n`, 'id "cronjobs" must equal the file name "jobs"'],
    ['YAML that does not parse', 'id: [jobs\n', `${FILE}: not valid YAML`],
    ['an alias bomb', 'a: &a [1]\nb: *a\n', `${FILE}: not valid YAML`],
  ];
  for (const [what, text, message] of cases) {
    it(`names the file and the question for ${what}`, () => {
      expect(problem(text)).toContain(message);
    });
  }
});
