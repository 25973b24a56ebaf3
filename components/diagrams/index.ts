// Every diagram the MDX registry offers. One file per diagram; this index only re-exports.
import './diagrams.css';

export { WorkloadTypesDiagram } from './WorkloadTypesDiagram';
export { DaemonSetDiagram } from './DaemonSetDiagram';
export { StatefulSetDiagram } from './StatefulSetDiagram';
export { JobParallelismDiagram } from './JobParallelismDiagram';
export { CronJobTimelineDiagram } from './CronJobTimelineDiagram';
export { InitContainerDiagram } from './InitContainerDiagram';
export { SidecarDiagram } from './SidecarDiagram';
export { AmbassadorDiagram } from './AmbassadorDiagram';
export { AdapterDiagram } from './AdapterDiagram';
export { SchedulingDiagram } from './SchedulingDiagram';
export { BatchPipelineDiagram } from './BatchPipelineDiagram';
export { DiagnosticTree } from './DiagnosticTree';
export { WorkloadDecisionDiagram } from './WorkloadDecisionDiagram';
export { DaemonSetRolloutDiagram } from './DaemonSetRolloutDiagram';
export { StatefulSetPartitionDiagram } from './StatefulSetPartitionDiagram';
export { TaintTimelineDiagram } from './TaintTimelineDiagram';
export { SpreadPreemptionDiagram } from './SpreadPreemptionDiagram';
export { NativeSidecarJobDiagram } from './NativeSidecarJobDiagram';
export { JobFailurePathDiagram } from './JobFailurePathDiagram';
