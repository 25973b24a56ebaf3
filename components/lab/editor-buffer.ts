'use client';

/**
 * The bench's current editor text, for `kubectl apply -f editor` in the terminal: one buffer
 * per bench, made and provided by LabBench, written by its ManifestEditor and read by its
 * Terminal (a typed handle instead of a module-level variable every importer shared).
 */
import { createContext, useContext } from 'react';

export interface EditorBuffer {
  get(): string;
  set(text: string): void;
}

export function createEditorBuffer(): EditorBuffer {
  let current = '';
  return {
    get: () => current,
    set: (text) => {
      current = text;
    },
  };
}

/** Outside a bench nothing provides a buffer: reads are empty and writes go nowhere. */
const NO_BENCH: EditorBuffer = { get: () => '', set: () => undefined };

export const EditorBufferContext = createContext<EditorBuffer>(NO_BENCH);

export function useEditorBuffer(): EditorBuffer {
  return useContext(EditorBufferContext);
}
