import { describe, expect, it } from 'vitest';
import { simCluster } from '../testing/sim-cluster';
import { ContainerEnvError, resolveEnv, serviceEnv } from './env';
import { expandRefs } from '../core/expand-refs';
import { parseQuantity } from '../core/quantity';

const addrs = { podIP: '10.244.1.7', hostIP: '172.18.0.3' };

function setup() {
  const sim = simCluster();
  sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { MODE: 'batch', 'bad key': 'x', LEVEL: 'debug' } });
  sim.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: Buffer.from('s3cret').toString('base64') } });
  sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-svc' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  const pod = sim.apply({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { tier: 'batch' } },
    spec: { nodeName: 'worker-2', containers: [{ name: 'c', image: 'busybox:1.36', resources: { limits: { memory: '128Mi' } } }] },
  });
  return { sim, pod };
}

describe('container environment', () => {
  it('resolves values, $(VAR) references, fieldRefs, resourceFieldRefs, ConfigMap and Secret keys in declaration order', () => {
    const { sim, pod } = setup();
    const env = resolveEnv(pod, {
      name: 'c',
      resources: { limits: { memory: '128Mi' } },
      envFrom: [{ configMapRef: { name: 'app' }, prefix: 'CFG_' }],
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'MESSAGE', value: '$(GREETING) from $(POD_NAME) $$(KEEP)' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
        { name: 'MEM_MB', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      ],
    }, sim.client, addrs);
    const declared = env.filter((v) => !v.name.includes('_SERVICE_') && !v.name.includes('_PORT'));
    expect(declared).toEqual([
      { name: 'CFG_LEVEL', value: 'debug' },
      { name: 'CFG_MODE', value: 'batch' },
      { name: 'GREETING', value: 'hello' },
      // POD_NAME is declared after MESSAGE, so its reference stays unexpanded, as upstream.
      { name: 'MESSAGE', value: 'hello from $(POD_NAME) $(KEEP)' },
      { name: 'POD_NAME', value: 'p' },
      { name: 'NODE', value: 'worker-2' },
      { name: 'POD_IP', value: '10.244.1.7' },
      { name: 'TIER', value: 'batch' },
      { name: 'MEM_MB', value: '128' },
      { name: 'PASSWORD', value: 's3cret' },
    ]);
    expect(env.slice(-2).map((v) => v.name)).toEqual(['WEB_SVC_PORT_80_TCP_PORT', 'WEB_SVC_PORT_80_TCP_ADDR']);
    sim.close();
  });

  it('adds docker-link variables for each Service with a ClusterIP', () => {
    const vars = serviceEnv([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: '10.96.0.20', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] } }]);
    expect(vars).toEqual([
      { name: 'DB_SERVICE_HOST', value: '10.96.0.20' },
      { name: 'DB_SERVICE_PORT', value: '5432' },
      { name: 'DB_SERVICE_PORT_PG', value: '5432' },
      { name: 'DB_PORT', value: 'tcp://10.96.0.20:5432' },
      { name: 'DB_PORT_5432_TCP', value: 'tcp://10.96.0.20:5432' },
      { name: 'DB_PORT_5432_TCP_PROTO', value: 'tcp' },
      { name: 'DB_PORT_5432_TCP_PORT', value: '5432' },
      { name: 'DB_PORT_5432_TCP_ADDR', value: '10.96.0.20' },
    ]);
    expect(serviceEnv([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'h' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } }])).toEqual([]);
  });

  it('fails with the kubelet message when a referenced ConfigMap or key is missing, unless optional', () => {
    const { sim, pod } = setup();
    const missingMap = () => resolveEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }, sim.client, addrs);
    expect(missingMap).toThrow(ContainerEnvError);
    expect(missingMap).toThrow('configmap "nope" not found');
    expect(() => resolveEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'nokey' } } }] }, sim.client, addrs)).toThrow("couldn't find key nokey in ConfigMap default/app");
    const optional = resolveEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }] }, sim.client, addrs);
    expect(optional.find((v) => v.name === 'X')).toBeUndefined();
    sim.close();
  });

  it('parses quantities and expands only known references', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('128Mi')).toBe(134217728);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('abc')).toBeUndefined();
    expect(expandRefs('$(A)-$(B)', new Map([['A', '1']]))).toBe('1-$(B)');
  });
});
