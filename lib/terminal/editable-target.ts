/**
 * Whether a keyboard event's target is somewhere the learner types: page-wide shortcuts
 * (`/` opens search) must leave those alone. Monaco 0.5x takes input through a plain
 * `<div>` (EditContext) or a hidden textarea, and xterm.js through its own textarea, so
 * "inside an editor or terminal" counts as editable too, not only inputs and contenteditable.
 */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
  closest?(selector: string): unknown;
}

const EDITABLE_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const EDITABLE_CONTAINERS = '.monaco-editor, .xterm, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [data-editable]';

export function isEditableTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const t = target as TargetLike;
  if (t.tagName && EDITABLE_TAGS.has(t.tagName.toUpperCase())) return true;
  if (t.isContentEditable) return true;
  const role = t.getAttribute?.('role');
  if (role === 'textbox' || role === 'combobox') return true;
  return Boolean(t.closest?.(EDITABLE_CONTAINERS));
}
