import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as diagrams from './index';

const cases: [string, string[]][] = [
  ['WorkloadTypesDiagram', ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Operator']],
  ['DaemonSetDiagram', ['control-plane', 'worker-1', 'worker-3', 'hostPath /var/log']],
  ['StatefulSetDiagram', ['web-stateful-0', 'web-stateful-2', 'data-web-stateful-1', 'web-headless']],
  ['JobParallelismDiagram', ['completions 9, parallelism 3', 'succeeded 9/9', 'queue-job']],
  ['CronJobTimelineDiagram', ['started late when 02:02 ended', 'Forbid', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit: 3']],
  ['InitContainerDiagram', ['wait-for-db', 'setup-data', 'config-downloader', 'until nc -z db 5432', 'Init:0/3', 'Init:2/3']],
  ['SidecarDiagram', ['log-shipper (sidecar)', 'emptyDir: logs']],
  ['AmbassadorDiagram', ['ambassador', ':8080', 'haproxy']],
  ['AdapterDiagram', ['legacy-app', 'log-adapter']],
  ['SchedulingDiagram', ['untolerated taint', "didn&#x27;t match node affinity"]],
  ['BatchPipelineDiagram', ['ingest', 'process', 'report', 'archive']],
  ['WorkloadDecisionDiagram', ['Does the work finish?', 'On a schedule?', 'One copy on every node?', 'CronJob', 'Job', 'DaemonSet', 'StatefulSet', 'Deployment']],
  ['DaemonSetRolloutDiagram', ['maxUnavailable: 1', 'maxSurge: 1', 'gap']],
  ['StatefulSetPartitionDiagram', ['partition: 2', 'partition: 0', 'web-3', 'web-0']],
  ['TaintTimelineDiagram', ['tolerationSeconds: 60', '300 s (added by default)', 'stays: tolerates forever', 'node.kubernetes.io/unreachable:NoExecute']],
  ['SpreadPreemptionDiagram', ['maxSkew: 1', 'skew would be 2', 'nominatedNodeName', 'evicted']],
  ['NativeSidecarJobDiagram', ['restartPolicy: Always', 'SIGTERM', 'reverse order', 'Succeeded']],
  ['JobFailurePathDiagram', ['FailJob', 'Ignore', 'backoffLimit', 'FailureTarget', 'BackoffLimitExceeded', 'PodFailurePolicy']],
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

  it.each(['DaemonSetRolloutDiagram', 'StatefulSetPartitionDiagram', 'TaintTimelineDiagram', 'NativeSidecarJobDiagram'])('%s animates only through the classes that prefers-reduced-motion switches off', (name) => {
    const Component = (diagrams as unknown as Record<string, () => React.JSX.Element>)[name];
    const html = renderToStaticMarkup(<Component />);
    expect(html).toMatch(/class="dg-(stepper|cursor)"/);
    expect(html).not.toMatch(/<animate/);
  });

  it('gives every diagram id a distinct prefix, so two diagrams on one page never share a title id', () => {
    const ids = Object.entries(diagrams)
      .filter(([name]) => name.endsWith('Diagram'))
      .map(([, Component]) => /id="([^"]+)-title"/.exec(renderToStaticMarkup(<Component />))?.[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders the diagnostic tree as an ARIA tree with the four workload branches', () => {
    const html = renderToStaticMarkup(<diagrams.DiagnosticTree />);
    expect(html).toContain('role="tree"');
    for (const branch of ['DaemonSet', 'StatefulSet', 'Job', 'CronJob']) expect(html).toContain(`>${branch}<`);
  });
});

describe('reduced motion', () => {
  it('switches every diagram animation off under prefers-reduced-motion', async () => {
    const css = (await import('node:fs')).readFileSync(new URL('./diagrams.css', import.meta.url), 'utf8');
    const animated = [...css.matchAll(/\.dg \.([\w-]+) \{ animation:/g)].map((m) => m[1]);
    expect(animated.length).toBeGreaterThan(0);
    const reduced = /@media \(prefers-reduced-motion: reduce\) \{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '';
    for (const cls of animated) expect(reduced).toContain(`.${cls}`);
    expect(reduced).toContain('animation: none');
  });
});
