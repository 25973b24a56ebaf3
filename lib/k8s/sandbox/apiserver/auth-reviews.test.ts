import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors';
import { answerReview, isReviewPath } from './auth-reviews';

describe('answerReview', () => {
  it('allows a SelfSubjectAccessReview and echoes its spec', () => {
    const spec = { resourceAttributes: { verb: 'create', group: 'batch', resource: 'jobs', namespace: 'default' } };
    const a = answerReview('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'POST', { kind: 'SelfSubjectAccessReview', spec });
    expect(a).toEqual({ code: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { allowed: true } } });
  });

  it('names the learner in a SelfSubjectReview', () => {
    const a = answerReview('/apis/authentication.k8s.io/v1/selfsubjectreviews', 'POST', {});
    expect(a?.body.status).toEqual({ userInfo: { username: 'kubelab-learner', groups: ['system:masters', 'system:authenticated'] } });
  });

  it('refuses a review without attributes, another kind, and a GET', () => {
    expect(() => answerReview('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'POST', { spec: {} })).toThrow(/exactly one of nonResourceAttributes or resourceAttributes/);
    expect(() => answerReview('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'POST', { kind: 'Pod', spec: { nonResourceAttributes: { path: '/', verb: 'get' } } })).toThrow(StatusError);
    expect(() => answerReview('/apis/authentication.k8s.io/v1/selfsubjectreviews', 'GET', undefined)).toThrow(/does not allow this method/);
  });

  it('leaves every other path alone, crossed groups included', () => {
    expect(isReviewPath('/apis/authorization.k8s.io/v1')).toBe(false);
    expect(answerReview('/apis/authentication.k8s.io/v1/selfsubjectaccessreviews', 'POST', {})).toBeUndefined();
    expect(isReviewPath('/api/v1/pods')).toBe(false);
  });
});
