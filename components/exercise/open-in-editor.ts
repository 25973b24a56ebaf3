/**
 * Puts YAML into the lab bench's editor, as if the learner had pasted it. The bench's Monaco
 * editor publishes itself as window.__kubelabEditor once mounted; setValue goes through its
 * change handler, so the bench keeps the text as a draft like any edit.
 * Returns false when there is no editor on the page (the caller then shows the YAML to copy).
 */
export interface EditorHandle {
  setValue(text: string): void;
  getValue?(): string;
  focus?(): void;
  getDomNode?(): HTMLElement | null;
  revealLineInCenter?(line: number): void;
  setPosition?(position: { lineNumber: number; column: number }): void;
  getPosition?(): { lineNumber: number; column: number } | null;
  onDidChangeModelContent?(listener: () => void): { dispose(): void };
  onDidChangeModel?(listener: () => void): { dispose(): void };
}

import { announceLeftStep, benchBelowLesson } from '@/components/lab/back-to-step';

export function benchEditor(): EditorHandle | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as { __kubelabEditor?: EditorHandle }).__kubelabEditor;
}

export function openInEditor(yaml: string): boolean {
  const editor = benchEditor();
  if (!editor) return false;
  try {
    editor.setValue(yaml);
  } catch {
    // A disposed editor (the bench was unmounted) cannot take text.
    return false;
  }
  bringIntoView(editor);
  return true;
}

/** Scrolls the bench's editor into view and focuses it: on a narrow screen it sits below the lesson. */
export function bringIntoView(editor: EditorHandle): void {
  const node = editor.getDomNode?.() ?? document.querySelector('[data-testid=yaml-editor]');
  // On a phone the bench is below the lesson: offer the way back to where the learner was.
  if (node && benchBelowLesson()) announceLeftStep(window.scrollY);
  node?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  editor.focus?.();
}
