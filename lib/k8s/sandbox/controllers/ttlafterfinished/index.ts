export { TtlAfterFinishedController, TTL_AFTER_FINISHED_COMPONENT, expiresAt } from './ttl-after-finished-controller';
