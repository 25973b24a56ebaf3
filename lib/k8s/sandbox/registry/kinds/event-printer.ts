/**
 * printEvent (printers.go) for core/v1 Events and events.k8s.io/v1 Events: the server
 * prints both from the same internal type, so events.k8s.io fields are mapped first.
 */
import type { KubeObject } from '../deps';
import { num, str, translateTimestampSince } from '../format';
import type { PrintedRow } from '../types';

interface Ref { kind?: string; name?: string; fieldPath?: string }

export function printEventRow(o: KubeObject, now: number): PrintedRow {
  const isNew = o.apiVersion === 'events.k8s.io/v1';
  const involved = ((isNew ? o.regarding : o.involvedObject) ?? {}) as Ref;
  const first = str(isNew ? o.deprecatedFirstTimestamp : o.firstTimestamp);
  const last = str(isNew ? o.deprecatedLastTimestamp : o.lastTimestamp);
  const eventTime = str(o.eventTime);
  const series = o.series as { count?: number; lastObservedTime?: string } | undefined;
  const firstSeen = first ? translateTimestampSince(first, now) : translateTimestampSince(eventTime, now);
  let lastSeen = last ? translateTimestampSince(last, now) : firstSeen;
  let count = num(isNew ? o.deprecatedCount : o.count);
  if (series) {
    lastSeen = translateTimestampSince(series.lastObservedTime, now);
    count = num(series.count);
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(involved.kind).toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  const source = (isNew ? o.deprecatedSource : o.source) as { component?: string; host?: string } | undefined;
  let sourceText = '';
  if (source?.component) sourceText = source.host ? `${source.component}, ${source.host}` : source.component;
  else if (o.reportingController) sourceText = o.reportingInstance ? `${str(o.reportingController)}, ${str(o.reportingInstance)}` : str(o.reportingController);
  const message = str(isNew ? o.note : o.message).trim();
  return {
    cells: [lastSeen, str(o.type), str(o.reason), target, str(involved.fieldPath), sourceText, message, firstSeen, count, str(o.metadata.name)],
  };
}
