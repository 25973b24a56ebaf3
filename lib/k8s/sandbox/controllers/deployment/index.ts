export { DeploymentController, DEPLOYMENT_CONTROLLER } from './deployment-controller';
export { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION } from './annotations';
export { POD_TEMPLATE_HASH_LABEL } from './replica-sets';
