/**
 * A ReplicaSet's pod as RealPodControl builds it (pkg/controller/controller_utils.go
 * GetPodFromTemplate): the template's labels, annotations, finalizers and spec, named by
 * generateName `<rs>-` and controlled by the ReplicaSet.
 */
import type { KubeObject } from '../../types';
import { generateNamePrefix } from '../framework/names';
import { newControllerRef } from '../framework/controller-ref-manager';

interface TemplateView {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

export function podFromTemplate(rs: KubeObject): KubeObject {
  const template = ((rs.spec as { template?: TemplateView } | undefined)?.template ?? {}) as TemplateView;
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: generateNamePrefix(rs.metadata.name!),
      namespace: rs.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(rs, rs)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}
