/** define(): a ResourceDef with the common defaults filled in, so kind files stay short. */
import { STANDARD_VERBS, type ResourceDef } from './types';
import { plainStrategy, statusSubresourceStrategy } from './strategy';

type Required = Pick<ResourceDef, 'group' | 'version' | 'kind' | 'plural' | 'namespaced' | 'columns' | 'printRow'>;

export function define(d: Required & Partial<ResourceDef>): ResourceDef {
  const statusSubresource = d.subresources?.includes('status') ?? false;
  return {
    strategy: statusSubresource ? statusSubresourceStrategy() : plainStrategy,
    singular: d.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    ...d,
  };
}
