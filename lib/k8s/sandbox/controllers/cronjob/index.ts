export { CronJobController, CRONJOB_CONTROLLER_COMPONENT } from './cronjob-controller';
export { parseSchedule } from './schedule';
