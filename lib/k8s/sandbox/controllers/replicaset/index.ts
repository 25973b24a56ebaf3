export { ReplicaSetController, REPLICASET_CONTROLLER, BURST_REPLICAS, ManageReplicasError } from './replicaset-controller';
export { podsToDelete, POD_DELETION_COST_ANNOTATION } from './pod-ranking';
