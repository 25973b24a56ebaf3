import { createElement } from 'react';
import { getMDXComponent } from 'mdx-bundler/client';
import { mdxComponents } from './registry';

// Compiled lessons are turned into components once per process, not on every render.
const cache = new Map<string, ReturnType<typeof getMDXComponent>>();

function componentFor(code: string) {
  let component = cache.get(code);
  if (!component) {
    component = getMDXComponent(code);
    cache.set(code, component);
  }
  return component;
}

export function MdxBody({ code }: { code: string }) {
  return createElement(componentFor(code), { components: mdxComponents });
}
