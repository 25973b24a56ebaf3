/**
 * Label selectors: the string syntax of ?labelSelector= (=, ==, !=, in, notin, `k`, `!k`)
 * and the metav1.LabelSelector object controllers use (matchLabels + matchExpressions).
 */
import { errors } from '../errors';

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export type LabelSelector = Requirement[];

export interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function bad(part: string, why: string): never {
  throw errors.badRequest(`unable to parse requirement: ${why}: "${part}"`);
}

function checkKey(key: string, part: string): string {
  if (!KEY.test(key)) bad(part, `invalid label key "${key}"`);
  return key;
}
function checkValue(value: string, part: string): string {
  if (value.length > 63 || !VALUE.test(value)) bad(part, `invalid label value "${value}"`);
  return value;
}

function parseRequirement(raw: string): Requirement {
  const part = raw.trim();
  if (part === '') bad(raw, 'empty requirement');
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), part), op: 'doesnotexist' };
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(',').map((v) => checkValue(v.trim(), part));
    return { key: checkKey(set[1], part), op: set[2] as 'in' | 'notin', values };
  }
  const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (eq) {
    const value = checkValue(eq[3].trim(), part);
    return { key: checkKey(eq[1], part), op: eq[2] === '!=' ? 'notin' : 'in', values: [value] };
  }
  if (/[\s=!()]/.test(part)) bad(part, 'found unexpected token');
  return { key: checkKey(part, part), op: 'exists' };
}

/** Parses the string form; '' selects everything. Throws 400 BadRequest on bad syntax. */
export function parseLabelSelector(s: string | undefined): LabelSelector {
  if (!s || s.trim() === '') return [];
  return splitTopLevel(s).map(parseRequirement);
}

/** Converts a metav1.LabelSelector; undefined/null selects nothing, {} selects everything (as in the API). */
export function fromMetaLabelSelector(sel: MetaLabelSelector | null | undefined): LabelSelector | undefined {
  if (!sel) return undefined;
  const reqs: LabelSelector = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in' as const, values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (!e.values?.length) throw errors.badRequest(`${e.operator} requires one or more values for key "${e.key}"`);
        reqs.push({ key: e.key, op: e.operator === 'In' ? 'in' : 'notin', values: e.values });
        break;
      case 'Exists':
        reqs.push({ key: e.key, op: 'exists' });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, op: 'doesnotexist' });
        break;
      default:
        throw errors.badRequest(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  return reqs;
}

export function matchesLabelSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

/** Convenience for controllers: does a metav1.LabelSelector select these labels? */
export function metaSelectorMatches(sel: MetaLabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  return matchesLabelSelector(fromMetaLabelSelector(sel), labels);
}
