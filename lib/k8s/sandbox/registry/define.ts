/** define(): a ResourceDef with the common defaults filled in, so kind files stay short. */
import { STANDARD_VERBS, type ResourceDef } from './types';

type Required = Pick<ResourceDef, 'group' | 'version' | 'kind' | 'plural' | 'namespaced' | 'columns' | 'printRow'>;

export function define(d: Required & Partial<ResourceDef>): ResourceDef {
  return {
    singular: d.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    ...d,
  };
}
