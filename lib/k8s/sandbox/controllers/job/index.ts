export { JobController, JOB_CONTROLLER_COMPONENT } from './job-controller';
export { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, MAX_JOB_POD_FAILURE_BACKOFF_MS } from './backoff';
