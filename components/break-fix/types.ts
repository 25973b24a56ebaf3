import type { CheckResult } from '@/lib/exercises/view';

/** What the page sends the panel: the whole scenario (the fix is behind a disclosure, not a secret). */
export interface BreakFixView {
  scenario: string;
  title: string;
  symptom: string;
  goal: string;
  broken: string;
  hints: { text: string; command?: string }[];
  beforeFix?: string;
  fix: string;
  afterFix?: string;
  debrief: string;
  links: { label: string; href: string }[];
}

export interface LoadAnswer {
  scenario: string;
  removed: string[];
  results: { summary: string; action: string; problems: { message: string }[] }[];
}

export interface CheckAnswer {
  scenario: string;
  checkedAt: string;
  goal: CheckResult;
}
