/**
 * ResourceDef: one Kubernetes kind as the sandbox serves it. Every path, discovery entry,
 * Table and admission step is derived from these declarations (registry/kinds/*).
 */
import type { KubeObject } from './deps';
import type { WriteStrategy } from './strategy';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumn {
  name: string;
  type: ColumnType;
  format?: string;
  description: string;
  /** 0: always shown; 1: shown by `kubectl get -o wide`. */
  priority: number;
}

export interface PrintContext {
  /** Cluster clock, epoch ms: ages are computed on virtual time. */
  now: number;
}

export type Cell = string | number | boolean;

export interface PrintedRow {
  cells: Cell[];
  conditions?: { type: string; status: string }[];
}

export type SubresourceName = 'status' | 'scale' | 'log' | 'exec' | 'attach' | 'eviction' | 'binding' | 'portforward' | 'proxy' | 'ephemeralcontainers';

export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceName[];
  columns: TableColumn[];
  printRow(obj: KubeObject, ctx: PrintContext): PrintedRow;
  /** DELETE without propagationPolicy: what the kind's strategy does (Job: Orphan). */
  defaultPropagation?: 'Background' | 'Orphan';
  /** What create and update do to the object before it is stored (strategy.ts); define() picks it from subresources. */
  strategy: WriteStrategy;
}

export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
