/** What the API server, the controllers, the scheduler and the kubelets need of the cluster clock (one contract: Clock in clock.ts). */
import type { Clock } from '../clock';

export type ClockPort = Pick<Clock, 'now' | 'nowISO' | 'setTimer'>;
