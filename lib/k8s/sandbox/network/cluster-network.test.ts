import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../testing/sim-cluster';
import { GR } from '../controllers/framework/client';
import { EndpointsController } from '../controllers/endpoints/endpoints-controller';
import { pod, runPod, service } from '../controllers/endpoints/endpoints.testing';
import { AddressInUseError, createClusterNetwork } from './cluster-network';
import type { Listener } from './types';

async function cluster(): Promise<SimCluster> {
  const sim = simCluster({ components: (ctx) => [new EndpointsController(ctx)] });
  sim.apply(service('db', { selector: { app: 'db' }, ports: [{ port: 5432 }] }));
  sim.apply(service('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] }));
  sim.apply(pod('db-1', { app: 'db' }));
  sim.apply(pod('web-0', { app: 'web' }, { hostname: 'web-0', subdomain: 'web-headless' }));
  sim.apply(pod('web-1', { app: 'web' }, { hostname: 'web-1', subdomain: 'web-headless' }));
  await sim.settle();
  return sim;
}

const clusterIP = (sim: SimCluster, name: string) => (sim.get(GR.services, 'default', name)!.spec as { clusterIP: string }).clusterIP;
const echo = (port: number, name: string): Listener => ({ port, tcp: async (data) => `${name}:${data}` });

describe('ClusterNetwork.resolve', () => {
  it('resolves a Service by each name on the search path to its ClusterIP', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    const ip = clusterIP(sim, 'db');
    expect(net.resolve('db', 'default')).toEqual({ fqdn: 'db.default.svc.cluster.local', addresses: [ip] });
    expect(net.resolve('db.default', 'other')).toEqual({ fqdn: 'db.default.svc.cluster.local', addresses: [ip] });
    expect(net.resolve('db.default.svc', 'other')?.addresses).toEqual([ip]);
    expect(net.resolve('db.default.svc.cluster.local', 'other')?.addresses).toEqual([ip]);
    expect(net.resolve('kubernetes.default', 'other')).toEqual({ fqdn: 'kubernetes.default.svc.cluster.local', addresses: ['10.96.0.1'] });
    expect(net.resolve('10.244.3.3', 'default')).toEqual({ fqdn: '10.244.3.3', addresses: ['10.244.3.3'] });
    sim.close();
  });

  it('answers NXDOMAIN for unknown names and for Services of another namespace without it', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    expect(net.resolve('nosuch', 'default')).toBeUndefined();
    expect(net.resolve('db', 'other')).toBeUndefined();
    expect(net.resolve('example.com', 'default')).toBeUndefined();
    sim.close();
  });

  it('resolves a headless Service to its ready pods and a StatefulSet pod FQDN to its IP once ready', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    runPod(sim, 'web-0', '10.244.1.5', { phase: 'Running', node: 'worker-1' });
    runPod(sim, 'web-1', '10.244.2.6', { phase: 'Running', ready: false, node: 'worker-2' });
    await sim.settle();
    expect(net.resolve('web-headless', 'default')).toEqual({ fqdn: 'web-headless.default.svc.cluster.local', addresses: ['10.244.1.5'] });
    expect(net.resolve('web-0.web-headless.default.svc.cluster.local', 'default')).toEqual({ fqdn: 'web-0.web-headless.default.svc.cluster.local', addresses: ['10.244.1.5'] });
    expect(net.resolve('web-0.web-headless', 'default')?.addresses).toEqual(['10.244.1.5']);
    expect(net.resolve('web-1.web-headless', 'default')).toBeUndefined();
    runPod(sim, 'web-1', '10.244.2.6', { phase: 'Running', ready: true, node: 'worker-2' });
    await sim.settle();
    expect(net.resolve('web-1.web-headless', 'default')?.addresses).toEqual(['10.244.2.6']);
    expect(net.resolve('web-headless', 'default')?.addresses).toEqual(['10.244.1.5', '10.244.2.6']);
    sim.close();
  });
});

describe('ClusterNetwork.dial', () => {
  it('reaches a ClusterIP only once a ready endpoint has a listener, as `until nc -z db 5432` needs', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    const ip = clusterIP(sim, 'db');
    expect(net.dial(ip, 5432)).toBe('ECONNREFUSED');
    runPod(sim, 'db-1', '10.244.1.9', { phase: 'Running', ready: false, node: 'worker-1' });
    await sim.settle();
    const stop = net.listen('10.244.1.9', echo(5432, 'db-1'));
    expect(net.dial(ip, 5432)).toBe('ECONNREFUSED');
    runPod(sim, 'db-1', '10.244.1.9', { phase: 'Running', ready: true, node: 'worker-1' });
    await sim.settle();
    const conn = net.dial(ip, 5432);
    expect(typeof conn === 'object' && (await conn.tcp!('hi', '10.244.2.2'))).toBe('db-1:hi');
    expect(net.dial(ip, 80)).toBe('ETIMEDOUT');
    stop();
    expect(net.dial(ip, 5432)).toBe('ECONNREFUSED');
    sim.close();
  });

  it('spreads ClusterIP connections over the ready endpoints in turn', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    runPod(sim, 'web-0', '10.244.1.5', { phase: 'Running', node: 'worker-1' });
    runPod(sim, 'web-1', '10.244.2.6', { phase: 'Running', node: 'worker-2' });
    await sim.settle();
    net.listen('10.244.1.5', echo(80, 'web-0'));
    net.listen('10.244.2.6', echo(80, 'web-1'));
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const l = net.dial(clusterIP(sim, 'web'), 80);
      if (typeof l === 'object') answers.push(await l.tcp!('x', ''));
    }
    expect(answers).toEqual(['web-0:x', 'web-1:x', 'web-0:x']);
    sim.close();
  });

  it('connects to a pod IP directly, refuses a known host without a listener, and cannot reach unknown IPs', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    runPod(sim, 'db-1', '10.244.1.9', { phase: 'Running', node: 'worker-1' });
    net.listen('10.244.1.9', echo(5432, 'db-1'));
    expect(typeof net.dial('10.244.1.9', 5432)).toBe('object');
    expect(net.dial('10.244.1.9', 6379)).toBe('ECONNREFUSED');
    expect(net.dial('10.9.9.9', 80)).toBe('EHOSTUNREACH');
    expect(() => net.listen('10.244.1.9', echo(5432, 'again'))).toThrow(AddressInUseError);
    expect(net.listeningPorts('10.244.1.9')).toEqual([5432]);
    sim.close();
  });

  it('routes localhost to the listeners of the calling pod only', async () => {
    const sim = await cluster();
    const net = createClusterNetwork(sim.client);
    net.listen('10.244.1.5', echo(80, 'nginx'));
    const same = net.dial('127.0.0.1', 80, '10.244.1.5');
    expect(typeof same === 'object' && (await same.tcp!('GET', '127.0.0.1'))).toBe('nginx:GET');
    expect(net.dial('127.0.0.1', 80, '10.244.2.6')).toBe('ECONNREFUSED');
    expect(net.dial('127.0.0.1', 80)).toBe('ECONNREFUSED');
    sim.close();
  });
});
