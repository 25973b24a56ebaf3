import { describe, expect, it } from 'vitest';
import { treeKey, visibleIds, type TreeNode } from './tree-navigation';

const tree: TreeNode[] = [
  { label: 'DaemonSet', children: [{ label: 'missing pods', children: [{ label: 'check taints' }] }, { label: 'update stuck' }] },
  { label: 'Job' },
];

describe('diagnostic tree keyboard navigation', () => {
  it('shows only top-level items until a branch is expanded', () => {
    expect(visibleIds(tree, new Set())).toEqual(['0', '1']);
    expect(visibleIds(tree, new Set(['0']))).toEqual(['0', '0.0', '0.1', '1']);
  });

  it('expands with ArrowRight, then moves into the first child', () => {
    let s = { focused: '0', expanded: new Set<string>() as ReadonlySet<string> };
    s = treeKey(tree, s, 'ArrowRight');
    expect([...s.expanded]).toEqual(['0']);
    s = treeKey(tree, s, 'ArrowRight');
    expect(s.focused).toBe('0.0');
  });

  it('moves to the parent with ArrowLeft from a leaf, and collapses an open branch', () => {
    let s = { focused: '0.1', expanded: new Set(['0']) as ReadonlySet<string> };
    s = treeKey(tree, s, 'ArrowLeft');
    expect(s.focused).toBe('0');
    s = treeKey(tree, s, 'ArrowLeft');
    expect(s.expanded.has('0')).toBe(false);
  });

  it('walks the visible items with ArrowDown and stops at the end', () => {
    let s = { focused: '0', expanded: new Set(['0']) as ReadonlySet<string> };
    const seen = [s.focused];
    for (let k = 0; k < 5; k++) {
      s = treeKey(tree, s, 'ArrowDown');
      seen.push(s.focused);
    }
    expect(seen).toEqual(['0', '0.0', '0.1', '1', '1', '1']);
  });

  it('toggles a branch with Enter and ignores Enter on a leaf', () => {
    const open = treeKey(tree, { focused: '0', expanded: new Set() }, 'Enter');
    expect(open.expanded.has('0')).toBe(true);
    const leaf = { focused: '1', expanded: new Set<string>() };
    expect(treeKey(tree, leaf, 'Enter')).toBe(leaf);
  });
});
