export { DisruptionController, DISRUPTION_COMPONENT } from './disruption-controller';
export { computePdbStatus, DISRUPTED_POD_TIMEOUT_MS, type PdbStatus } from './pdb-status';
