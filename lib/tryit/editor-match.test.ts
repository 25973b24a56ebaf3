import { describe, expect, it } from 'vitest';
import { editorHoldsManifest } from './editor-match';

const block = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: tryit-batch\nspec:\n  completions: 6\n';

describe('whether the editor still holds a Try-it manifest', () => {
  it('accepts the same objects with edited fields', () => {
    expect(editorHoldsManifest(block.replace('completions: 6', 'completions: 3'), block)).toBe(true);
  });

  it('refuses another block\'s objects, so Apply does not send the wrong manifest', () => {
    expect(editorHoldsManifest(block.replace('tryit-batch', 'tryit-flaky'), block)).toBe(false);
  });

  it('refuses an empty editor or YAML that does not parse', () => {
    expect(editorHoldsManifest('', block)).toBe(false);
    expect(editorHoldsManifest('kind: [unclosed', block)).toBe(false);
  });

  it('compares every document of a multi-document manifest', () => {
    const two = `${block}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: tryit-batch\n`;
    expect(editorHoldsManifest(two, two)).toBe(true);
    expect(editorHoldsManifest(block, two)).toBe(false);
  });
});
