export { EndpointsController, ENDPOINT_CONTROLLER } from './endpoints-controller';
export { EndpointSliceController, ENDPOINTSLICE_CONTROLLER } from './endpointslice-controller';
export { LAST_CHANGE_TRIGGER_TIME } from './trigger-time';
export { ENDPOINTSLICE_CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './slice-endpoints';
