/** The shared shapes the registry uses, re-exported so kind files import from one place. */
export type { KubeObject, ObjectMeta } from '../types';

