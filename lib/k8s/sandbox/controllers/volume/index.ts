export { PersistentVolumeController, PV_CONTROLLER, CLAIM_RESYNC_MS } from './pv-controller';
export { LocalPathProvisioner, LOCAL_PATH_PROVISIONER } from './local-path';
