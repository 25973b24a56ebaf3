import { describe, expect, it } from 'vitest';
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

  it('the ambassador check reaches nginx through haproxy on 8080, and fails when haproxy points at the wrong port', async () => {
    const check = ambassadorForwards({ namespace: 'default', pod: 'ambassador-demo', container: 'app', port: 8080, expect: 'Welcome to nginx', config: { configMap: 'haproxy-config', key: 'haproxy.cfg' } });
    const sim = productSim();
    applyResource(sim, 'container-patterns/ambassador-pattern.yaml');
    await sim.run(30_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'ambassador-demo is 2/2 ready and port 8080 answers with the app\'s page ("Welcome to nginx")' });
    sim.close();
    const wrong = productSim();
    applyResource(wrong, 'container-patterns/ambassador-pattern.yaml', (o: KubeObject) => {
      if (o.kind === 'ConfigMap') (o.data as Record<string, string>)['haproxy.cfg'] = (o.data as Record<string, string>)['haproxy.cfg'].replace('127.0.0.1:80', '127.0.0.1:81');
      return true;
    });
    await wrong.run(30_000);
    const r = await check(simView(wrong));
    expect(r.passed).toBe(false);
    expect(r).toMatchObject({ field: 'data["haproxy.cfg"]', object: { kind: 'ConfigMap', name: 'haproxy-config', namespace: 'default' } });
    wrong.close();
  });
});
