/**
 * `helm template` for our chart without helm: prints the manifests deploy/helm/kubelab renders.
 *   npx tsx scripts/deploy/render-chart.ts [chart dir] [-f values.yaml]... [--set a.b=c]...
 *     [--name release] [--namespace ns]
 * Then, e.g.: ... | kubectl apply -f -   (see deploy/README.md; real helm renders the same chart).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { mergeValues, printManifests, renderChart, setValue, type Values } from '../../lib/deploy/helm-chart';
import { cliOptions } from './cli-options';

const args = process.argv.slice(2);
let chartDir = path.resolve(import.meta.dirname, '../../deploy/helm/kubelab');
let values: Values = {};
let releaseName: string | undefined;
let namespace: string | undefined;
for (const [a, next] of cliOptions(args)) {
  if (a === '-f' || a === '--values') values = mergeValues(values, (YAML.parse(fs.readFileSync(next(), 'utf8')) as Values | null) ?? {});
  else if (a === '--set') values = setValue(values, next());
  else if (a === '--name') releaseName = next();
  else if (a === '--namespace' || a === '-n') namespace = next();
  else if (!a.startsWith('-')) chartDir = path.resolve(a);
  else throw new Error(`unknown option ${a}`);
}
try {
  process.stdout.write(printManifests(renderChart(chartDir, { values, releaseName, namespace })));
} catch (err) {
  console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
