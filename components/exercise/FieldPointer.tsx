'use client';
import { useMemo } from 'react';
import { locateField } from '@/lib/exercises/locate-field';
import type { ObjectRef } from '@/lib/exercises/view';
import { editorText, revealInEditor, useEditorText } from './editor-line';

/**
 * Where a failing step points: a button to the line of the learner's manifest in the bench
 * editor when the object is there ("line 15 of your manifest: spec.podManagementPolicy"),
 * otherwise the field in words. The line follows the learner's edits as they type.
 */
export function FieldPointer({ field, object }: { field: string; object?: ObjectRef }) {
  const text = useEditorText();
  const location = useMemo(() => (text && object ? locateField(text, object, field) : undefined), [text, object, field]);

  if (!location) {
    return (
      <p className="mt-1 text-xs">
        Look at <code className="break-all">{field}</code>
        {object && (
          <span className="text-[var(--fg-soft)]">
            {' '}
            of {object.kind} {object.name}
          </span>
        )}
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs">
      <button
        type="button"
        onClick={() => {
          // The text may have changed since the label was computed (it settles after typing).
          const now = editorText();
          const at = (now && object && locateField(now, object, field)) || location;
          revealInEditor(at.line, at.column);
        }}
        className="rounded text-left text-[var(--accent)] underline decoration-dotted underline-offset-2 hover:decoration-solid focus-visible:outline focus-visible:outline-2 focus-visible:outline-[var(--accent)]"
      >
        line {location.line} of your manifest: <code className="break-all">{location.text}</code>
      </button>
    </p>
  );
}
