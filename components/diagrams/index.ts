// Every diagram the MDX registry offers. One file per diagram; this index only re-exports.
import { placeholder } from './Placeholder';

export const WorkloadTypesDiagram = placeholder('WorkloadTypesDiagram');
export const DaemonSetDiagram = placeholder('DaemonSetDiagram');
export const StatefulSetDiagram = placeholder('StatefulSetDiagram');
export const JobParallelismDiagram = placeholder('JobParallelismDiagram');
export const CronJobTimelineDiagram = placeholder('CronJobTimelineDiagram');
export const InitContainerDiagram = placeholder('InitContainerDiagram');
export const SidecarDiagram = placeholder('SidecarDiagram');
export const AmbassadorDiagram = placeholder('AmbassadorDiagram');
export const AdapterDiagram = placeholder('AdapterDiagram');
export const SchedulingDiagram = placeholder('SchedulingDiagram');
export const BatchPipelineDiagram = placeholder('BatchPipelineDiagram');
export const DiagnosticTree = placeholder('DiagnosticTree');
