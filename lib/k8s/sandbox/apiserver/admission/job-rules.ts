/**
 * Job spec rules for the per-index fields and the success policy, with the API server's wording
 * (pkg/apis/batch/validation/validation.go: validateJobSpec, validateSuccessPolicy,
 * validateSuccessPolicyRule, validateIndexesFormat, validatePodFailurePolicyRule's FailIndex
 * check, validatePodReplacementPolicy; ValidateJobSpecUpdate for the immutable ones).
 */
import type { StatusCause } from '../../errors';
import { changed, immutable, invalidValue, notSupported } from './validation';

type Obj = Record<string, unknown>;

const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_MANAGED_BY_LENGTH = 63;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function requiredBecause(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: `Required value: ${detail}` };
}

function tooMany(field: string, count: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', field, message: `Too many: ${count}: must have at most ${max} items` };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function nonNegative(spec: Obj, key: string, prefix: string): StatusCause[] {
  const v = spec[key];
  if (v === undefined || v === null) return [];
  return isInt(v) && v >= 0 ? [] : [invalidValue(`${prefix}.${key}`, v, 'must be greater than or equal to 0')];
}

/** One `first[-last]` part of an index list (parseIndexInterval); throws the API server's message. */
function parseInterval(part: string, completions: number): [number, number] {
  const limits = part.split('-');
  if (limits.length > 2) throw new Error(`the fragment "${part}" violates the requirement that an index interval can have at most two parts separated by '-'`);
  const read = (s: string): number => {
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`cannot convert string to integer for index: "${s}"`);
    const n = Number(s);
    if (n >= completions) throw new Error(`too large index: "${s}"`);
    return n;
  };
  const x = read(limits[0]);
  if (limits.length === 1) return [x, x];
  const y = read(limits[1]);
  if (x >= y) throw new Error(`non-increasing order, previous: ${x}, current: ${y}`);
  return [x, y];
}

/** How many indexes a list such as "0,2-4" names, or the reason it is malformed (validateIndexesFormat). */
export function countIndexes(text: string, completions: number): number {
  if (text.length === 0) return 0;
  let last: number | undefined;
  let total = 0;
  for (const part of text.split(',')) {
    const [x, y] = parseInterval(part, completions);
    if (last !== undefined && last >= x) throw new Error(`non-increasing order, previous: ${last}, current: ${x}`);
    total += y - x + 1;
    last = y;
  }
  return total;
}

function validateSuccessPolicy(spec: Obj, prefix: string): StatusCause[] {
  const out: StatusCause[] = [];
  const policy = spec.successPolicy as Obj;
  const rules = Array.isArray(policy.rules) ? (policy.rules as Obj[]) : [];
  const rulesPath = `${prefix}.successPolicy.rules`;
  if (rules.length === 0) out.push(requiredBecause(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) out.push(tooMany(rulesPath, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = isInt(spec.completions) ? spec.completions : 0;
  rules.forEach((rule, i) => {
    const path = `${rulesPath}[${i}]`;
    const count = rule.succeededCount;
    const indexes = rule.succeededIndexes;
    if ((count === undefined || count === null) && (indexes === undefined || indexes === null)) {
      out.push(requiredBecause(path, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let total = 0;
    if (typeof indexes === 'string') {
      if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) out.push({ reason: 'FieldValueTooLong', field: `${path}.succeededIndexes`, message: `Too long: may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes` });
      try {
        total = countIndexes(indexes, completions);
      } catch (err) {
        out.push(invalidValue(`${path}.succeededIndexes`, indexes, `error parsing succeededIndexes: ${(err as Error).message}`));
      }
    }
    if (count !== undefined && count !== null) {
      const countPath = `${path}.succeededCount`;
      if (!isInt(count) || count < 0) out.push(invalidValue(countPath, count, 'must be greater than or equal to 0'));
      else if (count > completions) out.push(invalidValue(countPath, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      else if (typeof indexes === 'string' && count > total) out.push(invalidValue(countPath, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  });
  return out;
}

/** managedBy must be a domain-prefixed path such as kubernetes.io/job-controller (IsDomainPrefixedPath). */
function validateManagedBy(value: unknown, field: string): StatusCause[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') return [invalidValue(field, value, 'must be a string')];
  const out: StatusCause[] = [];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || path.length === 0) out.push(invalidValue(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)) out.push(invalidValue(field, host, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
  else if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) out.push(invalidValue(field, path, 'Invalid path'));
  if (value.length > MAX_MANAGED_BY_LENGTH) out.push({ reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${MAX_MANAGED_BY_LENGTH} bytes` });
  return out;
}

/** The rules validateJobSpec applies to backoffLimitPerIndex, maxFailedIndexes, successPolicy, FailIndex, podReplacementPolicy and managedBy. */
export function validateJobIndexFields(spec: Obj, prefix = 'spec'): StatusCause[] {
  const out: StatusCause[] = [...nonNegative(spec, 'backoffLimitPerIndex', prefix), ...nonNegative(spec, 'maxFailedIndexes', prefix)];
  const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  const maxFailed = spec.maxFailedIndexes;
  const hasMaxFailed = maxFailed !== undefined && maxFailed !== null;
  if (hasMaxFailed && !perIndex) out.push(requiredBecause(`${prefix}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  out.push(...validateManagedBy(spec.managedBy, `${prefix}.managedBy`));
  const indexed = spec.completionMode === 'Indexed';
  if (indexed) {
    const completions = spec.completions;
    if (isInt(completions) && isInt(maxFailed) && maxFailed > completions) out.push(invalidValue(`${prefix}.maxFailedIndexes`, maxFailed, 'must be less than or equal to completions'));
    if (isInt(maxFailed) && maxFailed > MAX_FAILED_INDEXES) out.push(invalidValue(`${prefix}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
    if (isInt(completions) && completions > COMPLETIONS_SOFT_LIMIT && perIndex) {
      if (!hasMaxFailed) out.push(requiredBecause(`${prefix}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
      if (isInt(spec.parallelism) && spec.parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
        out.push(invalidValue(`${prefix}.parallelism`, spec.parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`));
      }
      if (isInt(maxFailed) && maxFailed > MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS) {
        out.push(invalidValue(`${prefix}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS} when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`));
      }
    }
  } else {
    if (perIndex) out.push(invalidValue(`${prefix}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (hasMaxFailed) out.push(invalidValue(`${prefix}.maxFailedIndexes`, maxFailed, 'requires indexed completion mode'));
  }
  const pfp = spec.podFailurePolicy as Obj | undefined;
  const rules = Array.isArray(pfp?.rules) ? (pfp!.rules as Obj[]) : [];
  rules.forEach((rule, i) => {
    const field = `${prefix}.podFailurePolicy.rules[${i}].action`;
    if (rule.action === 'FailIndex' && !perIndex) out.push(invalidValue(field, rule.action, 'requires the backoffLimitPerIndex to be set'));
    else if (rule.action !== undefined && !ACTIONS.includes(rule.action as string)) out.push(notSupported(field, rule.action, ACTIONS));
  });
  if (spec.podReplacementPolicy !== undefined && spec.podReplacementPolicy !== null) {
    const supported = pfp ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!supported.includes(spec.podReplacementPolicy as string)) out.push(notSupported(`${prefix}.podReplacementPolicy`, spec.podReplacementPolicy, supported));
  }
  if (spec.successPolicy !== undefined && spec.successPolicy !== null) {
    if (!indexed) out.push(invalidValue(`${prefix}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
    else out.push(...validateSuccessPolicy(spec, prefix));
  }
  return out;
}

/** ValidateJobSpecUpdate: these fields are fixed once the Job exists. */
export function validateJobIndexFieldsUpdate(spec: Obj, old: Obj): StatusCause[] {
  const out: StatusCause[] = [];
  for (const key of ['backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    if (changed(spec[key], old[key])) out.push(immutable(`spec.${key}`, spec[key]));
  }
  return out;
}
