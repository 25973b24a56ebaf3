/**
 * The bench editor's current text, as a React store, and a way to put its cursor on a line.
 * The editor publishes itself as window.__kubelabEditor once mounted (see open-in-editor.ts);
 * it can mount after the exercise panel, or be replaced, so the subscription looks for it again.
 */
import { useSyncExternalStore } from 'react';
import { benchEditor, type EditorHandle } from './open-in-editor';

/** How often to look for an editor that mounted (or was replaced) after the panel subscribed. */
const FIND_EDITOR_MS = 1000;

function subscribe(onChange: () => void): () => void {
  let current: EditorHandle | undefined;
  let listeners: { dispose(): void }[] = [];
  const attach = () => {
    const editor = benchEditor();
    if (editor === current) return;
    for (const l of listeners) l.dispose();
    current = editor;
    listeners = [];
    try {
      if (editor?.onDidChangeModelContent) listeners.push(editor.onDidChangeModelContent(onChange));
      if (editor?.onDidChangeModel) listeners.push(editor.onDidChangeModel(onChange));
    } catch {
      // A disposed editor takes no listeners; the next look finds its successor.
    }
    onChange();
  };
  attach();
  const timer = window.setInterval(attach, FIND_EDITOR_MS);
  return () => {
    window.clearInterval(timer);
    for (const l of listeners) l.dispose();
  };
}

function editorText(): string | undefined {
  try {
    return benchEditor()?.getValue?.();
  } catch {
    return undefined;
  }
}

/** The editor's text, updated on every edit; undefined when the page has no bench editor. */
export function useEditorText(): string | undefined {
  return useSyncExternalStore(subscribe, editorText, () => undefined);
}

/** Scrolls the editor to a line, puts the cursor there and focuses it; false without an editor. */
export function revealInEditor(line: number, column: number): boolean {
  const editor = benchEditor();
  if (!editor?.revealLineInCenter || !editor.setPosition) return false;
  try {
    editor.setPosition({ lineNumber: line, column });
    editor.revealLineInCenter(line);
  } catch {
    return false;
  }
  // The bench may be scrolled away (on a narrow screen it sits below the lesson).
  const node = editor.getDomNode?.() ?? document.querySelector('[data-testid=yaml-editor]');
  node?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  editor.focus?.();
  return true;
}
