import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as diagrams from './index';

const cases: [string, string[]][] = [
  ['WorkloadTypesDiagram', ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Operator']],
  ['DaemonSetDiagram', ['control-plane', 'worker-1', 'worker-3', 'hostPath /var/log']],
  ['StatefulSetDiagram', ['web-stateful-0', 'web-stateful-2', 'data-web-stateful-1', 'web-headless']],
  ['JobParallelismDiagram', ['completions 9, parallelism 3', 'succeeded 9/9', 'queue-job']],
  ['CronJobTimelineDiagram', ['skipped', 'Forbid', 'successfulJobsHistoryLimit: 3']],
  ['InitContainerDiagram', ['wait-for-db', 'setup-data', 'config-downloader', 'until nc -z db 5432', 'Init:0/3', 'Init:2/3']],
  ['SidecarDiagram', ['log-shipper (sidecar)', 'emptyDir: logs']],
  ['AmbassadorDiagram', ['ambassador', ':8080', 'haproxy']],
  ['AdapterDiagram', ['legacy-app', 'log-adapter']],
  ['SchedulingDiagram', ['untolerated taint', "didn&#x27;t match node affinity"]],
  ['BatchPipelineDiagram', ['ingest', 'process', 'report', 'archive']],
];

describe('diagrams', () => {
  it.each(cases)('%s renders an accessible SVG with its key labels', (name, labels) => {
    const Component = (diagrams as unknown as Record<string, () => React.JSX.Element>)[name];
    const html = renderToStaticMarkup(<Component />);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/);
    expect(html).toMatch(/<title id="[^"]+-title">[^<]{10,}<\/title>/);
    expect(html).toContain('<figcaption');
    for (const label of labels) expect(html).toContain(label);
  });

  it('draws one log-collector pod per node in the DaemonSet diagram', () => {
    const html = renderToStaticMarkup(<diagrams.DaemonSetDiagram workers={4} />);
    expect(html.match(/log-collector-/g)).toHaveLength(5);
  });

  it('renders the diagnostic tree as an ARIA tree with the four workload branches', () => {
    const html = renderToStaticMarkup(<diagrams.DiagnosticTree />);
    expect(html).toContain('role="tree"');
    for (const branch of ['DaemonSet', 'StatefulSet', 'Job', 'CronJob']) expect(html).toContain(`>${branch}<`);
  });
});
