import { describe, expect, it } from 'vitest';
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView } from '../testing';
import { adapterEmitsJson, ambassadorForwards } from './patterns';

const adapter = { namespace: 'default', pod: 'adapter-demo', container: 'log-adapter', fields: ['timestamp', 'level', 'message'], min: 2 };

describe('container pattern checks', () => {
  it('the adapter check passes once several JSON lines with timestamp, level and message are logged', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/adapter-pattern.yaml');
    await sim.run(20_000);
    const r = await adapterEmitsJson(adapter)(simView(sim));
    expect(r.passed).toBe(true);
    expect(r.saw).toMatch(/^all \d+ lines of log-adapter's log are JSON objects with timestamp, level and message$/);
    sim.close();
  });

  it('an adapter that passes lines through unchanged fails, quoting the first line', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/adapter-pattern.yaml', (o: KubeObject) => {
      const c = (o.spec as { containers: { name: string; command: string[] }[] }).containers.find((x) => x.name === 'log-adapter')!;
      c.command = ['sh', '-c', 'touch /var/log/app.log; tail -f /var/log/app.log'];
      return true;
    });
    await sim.run(20_000);
    const r = await adapterEmitsJson(adapter)(simView(sim));
    expect(r.passed).toBe(false);
    // log-adapter is the second container the YAML lists.
    expect(r).toMatchObject({ field: 'spec.containers[1].command', object: { kind: 'Pod', name: 'adapter-demo', namespace: 'default' } });
    expect(r.saw).toMatch(/^line 1 of log-adapter's log is not JSON: .* LEGACY_LOG level=INFO message=Application_running$/);
    sim.close();
  });

  it('the adapter check fails an adapter that wraps the whole raw line into message', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/adapter-pattern.yaml', (o: KubeObject) => {
      const c = (o.spec as { containers: { name: string; command: string[] }[] }).containers.find((x) => x.name === 'log-adapter')!;
      c.command = ['sh', '-c', 'touch /var/log/app.log; tail -f /var/log/app.log | while read -r line; do echo "{\\"timestamp\\":\\"t\\",\\"level\\":\\"INFO\\",\\"message\\":\\"$line\\"}"; done'];
      return true;
    });
    await sim.run(20_000);
    const r = await adapterEmitsJson({ ...adapter, raw: { field: 'message', marker: 'LEGACY_LOG' } })(simView(sim));
    expect(r.passed).toBe(false);
    expect(r.saw).toMatch(/^line 1 of log-adapter's log puts the whole input line into message \(.*LEGACY_LOG level=INFO message=Application_running\); keep only the message part$/);
    sim.close();
  });

  it('the lesson\'s adapter logs the parsed level and message, not the raw line', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/adapter-pattern.yaml');
    await sim.run(20_000);
    expect(await adapterEmitsJson({ ...adapter, raw: { field: 'message', marker: 'LEGACY_LOG' } })(simView(sim))).toMatchObject({ passed: true });
    const lines = sim.cluster.logs.read({ namespace: 'default', pod: 'adapter-demo', container: 'log-adapter' }).map((l) => JSON.parse(l.text) as Record<string, string>);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect({ level: l.level, message: l.message }).toEqual({ level: 'INFO', message: 'Application_running' });
    sim.close();
  });

  it('the ambassador check: the app\'s call to localhost:8080 reaches the backend Service through haproxy, and fails when haproxy points at the wrong port', async () => {
    const check = ambassadorForwards({ namespace: 'default', pod: 'ambassador-demo', container: 'app', port: 8080, expect: 'Welcome to nginx', config: { configMap: 'haproxy-config', key: 'haproxy.cfg' } });
    const sim = productSim();
    applyResource(sim, 'container-patterns/ambassador-pattern.yaml');
    await sim.run(30_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'ambassador-demo is 2/2 ready, and app\'s call to localhost:8080 came back from the backend ("Welcome to nginx")' });
    sim.close();
    const wrong = productSim();
    applyResource(wrong, 'container-patterns/ambassador-pattern.yaml', (o: KubeObject) => {
      if (o.kind === 'ConfigMap') (o.data as Record<string, string>)['haproxy.cfg'] = (o.data as Record<string, string>)['haproxy.cfg'].replace('svc.cluster.local:80', 'svc.cluster.local:81');
      return true;
    });
    await wrong.run(30_000);
    const r = await check(simView(wrong));
    expect(r.passed).toBe(false);
    expect(r).toMatchObject({ field: 'data["haproxy.cfg"]', object: { kind: 'ConfigMap', name: 'haproxy-config', namespace: 'default' } });
    wrong.close();
  });

  it('the ambassador demo\'s app logs the backend\'s page title every few seconds, and the calls leave the pod for the backend pods', async () => {
    const sim = productSim();
    applyResource(sim, 'container-patterns/ambassador-pattern.yaml');
    await sim.run(30_000);
    const app = sim.cluster.logs.read({ namespace: 'default', pod: 'ambassador-demo', container: 'app' }).map((l) => l.text);
    expect(app.filter((l) => l === '<title>Welcome to nginx!</title>').length).toBeGreaterThan(2);
    expect(app.some((l) => /calling http:\/\/localhost:8080\/$/.test(l))).toBe(true);
    const backendPods = sim.list(GR.pods).filter((p) => p.metadata.labels?.app === 'backend').map((p) => p.metadata.name!);
    const served = backendPods.flatMap((name) => sim.cluster.logs.read({ namespace: 'default', pod: name, container: 'nginx' }).map((l) => l.text)).filter((l) => l.includes('"GET / HTTP/1.1" 200'));
    expect(served.length).toBeGreaterThan(2);
    sim.close();
  });
});
