/**
 * The bench editor's current text, as a React store, and a way to put its cursor on a line.
 * The editor publishes itself as window.__kubelabEditor once mounted (see open-in-editor.ts);
 * it can mount after the exercise panel, or be replaced, so the subscription looks for it again.
 */
import { useSyncExternalStore } from 'react';
import { benchEditor, bringIntoView, type EditorHandle } from './open-in-editor';

/** How often to look for an editor that mounted (or was replaced) after the panel subscribed. */
const FIND_EDITOR_MS = 1000;
/**
 * Edits are read once typing pauses: finding a line parses the whole text (about 4 ms for a
 * lesson's file, about 90 ms for 130 KB), which must not run on every keystroke.
 */
const SETTLE_MS = 250;

function subscribe(onChange: () => void): () => void {
  let current: EditorHandle | undefined;
  let listeners: { dispose(): void }[] = [];
  let settle: number | undefined;
  const edited = () => {
    window.clearTimeout(settle);
    settle = window.setTimeout(onChange, SETTLE_MS);
  };
  const attach = () => {
    const editor = benchEditor();
    if (editor === current) return;
    for (const l of listeners) l.dispose();
    current = editor;
    listeners = [];
    try {
      if (editor?.onDidChangeModelContent) listeners.push(editor.onDidChangeModelContent(edited));
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
    window.clearTimeout(settle);
    for (const l of listeners) l.dispose();
  };
}

/** The editor's text right now (the store's value may lag behind typing by SETTLE_MS). */
export function editorText(): string | undefined {
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
  bringIntoView(editor);
  return true;
}
