/**
 * Exercise 5.3's objects as the benches apply them: the Jobs of
 * content/module-05/resources/workload-types/job-patterns.yaml and a 3-replica nginx
 * StatefulSet, each in the default namespace (wake.ts, wake-burst.ts, class-seed.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifests } from '../../../lib/k8s/manifests/parse';
import type { KubeObject } from '../../../lib/k8s/sandbox/types';

export function exercise53Objects(): KubeObject[] {
  const file = path.join(process.cwd(), 'content/module-05/resources/workload-types/job-patterns.yaml');
  const jobs = parseManifests(fs.readFileSync(file, 'utf8')).map((d) => d.object as KubeObject).filter((o) => o?.kind === 'Job');
  const sts: KubeObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  };
  return [...jobs, sts].map((o) => ({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), namespace: 'default' } }));
}
