export { StatefulSetController, STATEFULSET_CONTROLLER } from './statefulset-controller';
