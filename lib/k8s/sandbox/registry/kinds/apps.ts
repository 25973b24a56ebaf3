/** apps/v1 kinds. Columns and rows follow printers.go (v1.32). */
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, col } from '../columns';
import { define } from '../define';
import type { KubeObject } from '../deps';
import { at, containerCells, formatLabelSelector, formatLabels, num, str, translateTimestampSince } from '../format';
import type { ResourceDef } from '../types';

const age = (o: KubeObject, now: number) => translateTimestampSince(o.metadata.creationTimestamp, now);
const SELECTOR_COLUMN = col('Selector', 'string', 'Label selector for pods.', 1);
const podSpec = (o: KubeObject) => at(o, 'spec.template.spec');

export const deployments = define({
  group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'],
  subresources: ['status', 'scale'],
  columns: [
    NAME_COLUMN,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN,
  ],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(podSpec(o));
    return {
      cells: [
        str(o.metadata.name), `${num(at(o, 'status.readyReplicas'))}/${num(at(o, 'spec.replicas'))}`,
        num(at(o, 'status.updatedReplicas')), num(at(o, 'status.availableReplicas')), age(o, now), c, i, formatLabelSelector(at(o, 'spec.selector')),
      ],
    };
  },
});

export const replicasets = define({
  group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'],
  subresources: ['status', 'scale'],
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN,
  ],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(podSpec(o));
    return {
      cells: [
        str(o.metadata.name), num(at(o, 'spec.replicas')), num(at(o, 'status.replicas')), num(at(o, 'status.readyReplicas')),
        age(o, now), c, i, formatLabelSelector(at(o, 'spec.selector')),
      ],
    };
  },
});

export const statefulsets = define({
  group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'],
  subresources: ['status', 'scale'],
  columns: [NAME_COLUMN, col('Ready', 'string', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(podSpec(o));
    return { cells: [str(o.metadata.name), `${num(at(o, 'status.readyReplicas'))}/${num(at(o, 'spec.replicas'))}`, age(o, now), c, i] };
  },
});

export const daemonsets = define({
  group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'],
  subresources: ['status'],
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN,
  ],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(podSpec(o));
    return {
      cells: [
        str(o.metadata.name), num(at(o, 'status.desiredNumberScheduled')), num(at(o, 'status.currentNumberScheduled')),
        num(at(o, 'status.numberReady')), num(at(o, 'status.updatedNumberScheduled')), num(at(o, 'status.numberAvailable')),
        formatLabels(at(o, 'spec.template.spec.nodeSelector')), age(o, now), c, i, formatLabelSelector(at(o, 'spec.selector')),
      ],
    };
  },
});

/** printControllerRevision: CONTROLLER is `<kind>.<group>/<name>` of the controller owner. */
function controllerOf(o: KubeObject): string {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  const kind = ref.kind.toLowerCase();
  return group ? `${kind}.${group}/${ref.name}` : `${kind}/${ref.name}`;
}

export const controllerrevisions = define({
  group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true,
  columns: [
    NAME_COLUMN,
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COLUMN,
  ],
  printRow: (o, { now }) => ({ cells: [str(o.metadata.name), controllerOf(o), num(o.revision), age(o, now)] }),
});

export const APPS_KINDS: ResourceDef[] = [deployments, replicasets, statefulsets, daemonsets, controllerrevisions];
