/**
 * Field selectors (?fieldSelector=a=b,c!=d): generic dotted paths on the object; a missing
 * field compares as "" (so spec.nodeName= selects unscheduled pods).
 */
import { errors } from '../errors';

export interface FieldRequirement {
  path: string[];
  op: '=' | '!=';
  value: string;
}
export type FieldSelector = FieldRequirement[];

export function parseFieldSelector(s: string | undefined): FieldSelector {
  if (!s || s.trim() === '') return [];
  return s.split(',').map((raw) => {
    const part = raw.trim();
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!m || m[1].trim() === '') throw errors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    return { path: m[1].trim().split('.'), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() };
  });
}

function fieldValue(obj: unknown, path: string[]): string {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

export function matchesFieldSelector(sel: FieldSelector, obj: unknown): boolean {
  return sel.every((r) => (fieldValue(obj, r.path) === r.value) === (r.op === '='));
}
