import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { nodeShouldRunDaemonPod, type Placement } from './placement';

function node(name: string, labels: Record<string, string>, taints: object[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } };
}
function ds(podSpec: object): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template: { spec: { containers: [], ...podSpec } } } };
}
const worker = node('worker-1', { role: 'worker' });
const controlPlane = node('control-plane', {}, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);

describe('nodeShouldRunDaemonPod', () => {
  it.each<[string, KubeObject, KubeObject, Placement]>([
    ['a plain worker runs the pod', worker, ds({}), { shouldRun: true, shouldContinueRunning: true }],
    ['the control-plane taint keeps new pods off but lets an existing one run', controlPlane, ds({}), { shouldRun: false, shouldContinueRunning: true }],
    ['tolerating the control-plane taint runs there too', controlPlane, ds({ tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }), { shouldRun: true, shouldContinueRunning: true }],
    ['a nodeSelector that does not match neither runs nor keeps the pod', worker, ds({ nodeSelector: { role: 'edge' } }), { shouldRun: false, shouldContinueRunning: false }],
    ['an untolerated NoExecute taint evicts', node('w', {}, [{ key: 'maintenance', effect: 'NoExecute' }]), ds({}), { shouldRun: false, shouldContinueRunning: false }],
    ['not-ready and unreachable are tolerated by every daemon pod', node('w', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]), ds({}), { shouldRun: false, shouldContinueRunning: true }],
    ['a cordoned node still runs daemon pods', node('w', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds({}), { shouldRun: true, shouldContinueRunning: true }],
    ['network-unavailable is tolerated only with hostNetwork', node('w', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds({ hostNetwork: true }), { shouldRun: true, shouldContinueRunning: true }],
    ['a template nodeName names the only node', worker, ds({ nodeName: 'worker-2' }), { shouldRun: false, shouldContinueRunning: false }],
    ['PreferNoSchedule taints do not matter', node('w', {}, [{ key: 'x', effect: 'PreferNoSchedule' }]), ds({}), { shouldRun: true, shouldContinueRunning: true }],
  ])('%s', (_name, n, d, want) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual(want);
  });
});
