import tree from '@/content/module-05/_diagnostic-tree.json';
import { DiagnosticTreeView } from './DiagnosticTreeView';
import type { TreeNode } from './tree-navigation';

/** Server wrapper: the tree's data lives with the content (content/module-05/_diagnostic-tree.json). */
export function DiagnosticTree() {
  return <DiagnosticTreeView root={tree as TreeNode} />;
}
