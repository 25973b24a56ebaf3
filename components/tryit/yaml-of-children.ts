/** The text of the first ```yaml block among a Try-it's MDX children (rendered by the `pre` mapping). */
import { isValidElement, type ReactNode } from 'react';

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

export function yamlOfChildren(children: ReactNode): string | undefined {
  const visit = (node: ReactNode): string | undefined => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = visit(n);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (!isValidElement<{ className?: string; children?: ReactNode }>(node)) return undefined;
    if (typeof node.props.className === 'string' && /\blanguage-ya?ml\b/.test(node.props.className)) return textOf(node.props.children);
    return visit(node.props.children);
  };
  return visit(children);
}
