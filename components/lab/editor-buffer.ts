'use client';

/** The bench's current editor text, for `kubectl apply -f editor` in the terminal. */
let current = '';

export const editorBuffer = {
  get: () => current,
  set: (text: string) => {
    current = text;
  },
};
