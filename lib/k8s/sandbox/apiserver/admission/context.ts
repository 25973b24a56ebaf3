/** What admission plugins may read from the cluster while defaulting and validating. */
import type { KubeObject } from '../../types';

export interface AdmissionContext {
  get(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(group: string, resource: string): KubeObject[];
  /** A free ClusterIP from 10.96.0.0/12. */
  allocateClusterIP(): string;
  /** Fresh uid for generated selectors (Job) before the store assigns metadata.uid. */
  newUid(): string;
  /** In [0, 1), for node ports; Math.random when absent. */
  random?(): number;
}
