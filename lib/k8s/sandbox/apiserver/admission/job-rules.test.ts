import { describe, expect, it } from 'vitest';
import { StatusError } from '../../errors';
import { findKind } from '../../registry';
import type { KubeObject } from '../../types';
import { admit, type AdmissionContext } from './index';
import { countIndexes } from './job-rules';

const ctx: AdmissionContext = {
  get: (_g, resource, _ns, name) => (resource === 'namespaces' ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } : undefined),
  list: () => [],
  allocateClusterIP: () => '10.96.0.10',
  newUid: () => 'uid-1',
};

function job(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
  };
}

function admitted(obj: KubeObject, old?: KubeObject): KubeObject {
  admit(findKind(obj.apiVersion, obj.kind)!, obj, old, ctx);
  return obj;
}

/** The causes admission gives, as `field: message` lines ([] when the Job is admitted). */
function refusals(obj: KubeObject, old?: KubeObject): string[] {
  try {
    admitted(obj, old);
    return [];
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return (e.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
  }
}

const indexed = { completionMode: 'Indexed', completions: 4, parallelism: 4 };

describe('Job admission: backoffLimitPerIndex and maxFailedIndexes', () => {
  it('admits an Indexed Job with both and defaults backoffLimit to MaxInt32', () => {
    const j = admitted(job({ ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }));
    expect(j.spec).toMatchObject({ backoffLimit: 2147483647, backoffLimitPerIndex: 1, maxFailedIndexes: 2 });
  });

  it('refuses backoffLimitPerIndex and maxFailedIndexes on a NonIndexed Job', () => {
    expect(refusals(job({ backoffLimitPerIndex: 1, maxFailedIndexes: 1 }))).toEqual([
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
    ]);
  });

  it('refuses maxFailedIndexes without backoffLimitPerIndex, or above completions', () => {
    expect(refusals(job({ ...indexed, maxFailedIndexes: 1 }))).toEqual(['spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified']);
    expect(refusals(job({ ...indexed, backoffLimitPerIndex: 0, maxFailedIndexes: 5 }))).toEqual(['spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions']);
  });

  it('refuses negative values', () => {
    expect(refusals(job({ ...indexed, backoffLimitPerIndex: -1 }))).toEqual(['spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('refuses a FailIndex rule unless backoffLimitPerIndex is set', () => {
    const pfp = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
    expect(refusals(job({ ...indexed, podFailurePolicy: pfp }))).toEqual(['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']);
    expect(refusals(job({ ...indexed, backoffLimitPerIndex: 2, podFailurePolicy: pfp }))).toEqual([]);
  });

  it('refuses podReplacementPolicy TerminatingOrFailed beside a podFailurePolicy', () => {
    const pfp = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [75] } }] };
    expect(refusals(job({ podFailurePolicy: pfp, podReplacementPolicy: 'TerminatingOrFailed' }))).toEqual(['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"']);
  });

  it('keeps backoffLimitPerIndex, successPolicy and managedBy fixed after creation', () => {
    const old = admitted(job({ ...indexed, backoffLimitPerIndex: 1 }));
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).backoffLimitPerIndex = 3;
    expect(refusals(next, old)).toEqual(['spec.backoffLimitPerIndex: Invalid value: 3: field is immutable']);
  });

  it('refuses a managedBy that is not a domain-prefixed path', () => {
    expect(refusals(job({ managedBy: 'kueue' }))).toEqual(['spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")']);
    expect(refusals(job({ managedBy: 'kueue.x-k8s.io/multikueue' }))).toEqual([]);
  });
});

describe('Job admission: successPolicy', () => {
  it('admits rules with succeededIndexes, succeededCount or both', () => {
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{ succeededIndexes: '0' }, { succeededCount: 3 }, { succeededIndexes: '1-3', succeededCount: 2 }] } }))).toEqual([]);
  });

  it('refuses a successPolicy on a NonIndexed Job', () => {
    expect(refusals(job({ successPolicy: { rules: [{ succeededCount: 1 }] } }))).toEqual(['spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode']);
  });

  it('refuses an empty rule list and a rule with neither field', () => {
    expect(refusals(job({ ...indexed, successPolicy: { rules: [] } }))).toEqual(['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified']);
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{}] } }))).toEqual(['spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified']);
  });

  it('refuses indexes beyond completions or out of order, and counts above completions or above the set', () => {
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{ succeededIndexes: '2-7' }] } }))).toEqual(['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "2-7": error parsing succeededIndexes: too large index: "7"']);
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{ succeededIndexes: '2,1' }] } }))).toEqual(['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1']);
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{ succeededCount: 5 }] } }))).toEqual(['spec.successPolicy.rules[0].succeededCount: Invalid value: 5: must be less than or equal to 4 (the number of specified completions)']);
    expect(refusals(job({ ...indexed, successPolicy: { rules: [{ succeededIndexes: '0,1', succeededCount: 3 }] } }))).toEqual(['spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)']);
  });

  it('counts the indexes of a list as validateIndexesFormat does', () => {
    expect(countIndexes('0,2-4,9', 10)).toBe(5);
    expect(() => countIndexes('1-2-3', 10)).toThrow("the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'");
    expect(() => countIndexes('a', 10)).toThrow('cannot convert string to integer for index: "a"');
  });
});
