/**
 * Keyboard behaviour of the diagnostic tree (WAI-ARIA tree pattern), as a pure function so
 * it is tested without a DOM. Ids are paths like "0.2.1"; the root's children are "0", "1"...
 */
export interface TreeNode {
  label: string;
  children?: TreeNode[];
  command?: string;
  lesson?: string;
}

export function visibleIds(nodes: TreeNode[], expanded: ReadonlySet<string>, prefix = ''): string[] {
  const out: string[] = [];
  nodes.forEach((node, i) => {
    const id = prefix ? `${prefix}.${i}` : String(i);
    out.push(id);
    if (node.children?.length && expanded.has(id)) out.push(...visibleIds(node.children, expanded, id));
  });
  return out;
}

export function nodeAt(nodes: TreeNode[], id: string): TreeNode | undefined {
  let list: TreeNode[] | undefined = nodes;
  let node: TreeNode | undefined;
  for (const part of id.split('.')) {
    node = list?.[Number(part)];
    list = node?.children;
  }
  return node;
}

export interface TreeState {
  focused: string;
  expanded: ReadonlySet<string>;
}

export function treeKey(nodes: TreeNode[], state: TreeState, key: string): TreeState {
  const visible = visibleIds(nodes, state.expanded);
  const i = visible.indexOf(state.focused);
  const node = nodeAt(nodes, state.focused);
  const hasChildren = Boolean(node?.children?.length);
  const isOpen = state.expanded.has(state.focused);
  const parent = state.focused.includes('.') ? state.focused.slice(0, state.focused.lastIndexOf('.')) : undefined;
  const toggled = (open: boolean) => {
    const next = new Set(state.expanded);
    if (open) next.add(state.focused);
    else next.delete(state.focused);
    return next;
  };
  switch (key) {
    case 'ArrowDown':
      return { ...state, focused: visible[Math.min(i + 1, visible.length - 1)] };
    case 'ArrowUp':
      return { ...state, focused: visible[Math.max(i - 1, 0)] };
    case 'Home':
      return { ...state, focused: visible[0] };
    case 'End':
      return { ...state, focused: visible[visible.length - 1] };
    case 'ArrowRight':
      if (!hasChildren) return state;
      return isOpen ? { ...state, focused: `${state.focused}.0` } : { ...state, expanded: toggled(true) };
    case 'ArrowLeft':
      if (hasChildren && isOpen) return { ...state, expanded: toggled(false) };
      return parent ? { ...state, focused: parent } : state;
    case 'Enter':
    case ' ':
      return hasChildren ? { ...state, expanded: toggled(!isOpen) } : state;
    default:
      return state;
  }
}
