/**
 * Content negotiation for `as=Table`: turns objects into a meta.k8s.io/v1 Table whose
 * cells come from the registry's printers, as kubectl get expects.
 */
import type { KubeObject } from '../types';
import type { ResourceDef } from '../registry';

export type Rendering = 'json' | 'table' | 'metadata';

/** Picks the rendering from an Accept header; kubectl asks for Table first. */
export function renderingFor(accept: string | undefined): Rendering {
  if (!accept) return 'json';
  for (const part of accept.split(',')) {
    const p = part.toLowerCase().replace(/\s+/g, '');
    if (p.includes('as=table') && p.includes('g=meta.k8s.io')) return 'table';
    if (p.startsWith('application/json') && !p.includes('as=')) return 'json';
    if (p.includes('as=partialobjectmetadata')) return 'metadata';
  }
  return 'json';
}

export function partialObjectMetadata(obj: KubeObject) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(
  def: ResourceDef,
  items: KubeObject[],
  now: number,
  opts: { includeObject?: string; resourceVersion?: string; continue?: string; remainingItemCount?: number; noHeaders?: boolean },
) {
  const include = opts.includeObject ?? 'Metadata';
  const rows = items.map((obj) => {
    const printed = def.printRow(obj, { now });
    const row: Record<string, unknown> = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    if (include === 'Object') row.object = obj;
    else if (include === 'Metadata') row.object = partialObjectMetadata(obj);
    return row;
  });
  const metadata: Record<string, unknown> = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata };
  if (!opts.noHeaders) table.columnDefinitions = def.columns.map((c) => ({ ...c, format: c.format ?? '' }));
  table.rows = rows;
  return table;
}
