/**
 * The two review APIs a learner's kubectl asks about itself: SelfSubjectAccessReview
 * (authorization.k8s.io/v1, `kubectl auth can-i`) and SelfSubjectReview (authentication.k8s.io/v1,
 * `kubectl auth whoami`). Neither is stored: the API server answers the posted object with its
 * status filled in (pkg/registry/authorization/selfsubjectaccessreview, authentication/selfsubjectreview).
 * A sandbox cluster has no RBAC: its token's holder may do everything, as a cluster-admin on a
 * kind cluster, so every review is allowed.
 */
import { errors } from '../errors';

/** Who a cluster's token is: the learner, in the groups an admin kubeconfig of kind has. */
export const SANDBOX_USER = { username: 'kubelab-learner', groups: ['system:masters', 'system:authenticated'] };

type Obj = Record<string, unknown>;

export const AUTH_REVIEW_GROUPS = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resources: [{ name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] }],
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resources: [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] }],
  },
];

const REVIEW_PATH = /^\/apis\/(authorization\.k8s\.io|authentication\.k8s\.io)\/v1\/(selfsubjectaccessreviews|selfsubjectreviews)\/?$/;

export function isReviewPath(path: string): boolean {
  return REVIEW_PATH.test(path);
}

/** The answer to a POST of a review, or undefined when the path is not one of them. */
export function answerReview(path: string, method: string, body: unknown): { code: number; body: Obj } | undefined {
  const m = REVIEW_PATH.exec(path);
  if (!m) return undefined;
  if (method !== 'POST') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  const posted = (body ?? {}) as Obj;
  if (m[2] === 'selfsubjectaccessreviews') {
    if (m[1] !== 'authorization.k8s.io') return undefined;
    if (posted.kind !== undefined && posted.kind !== 'SelfSubjectAccessReview') throw errors.badRequest(`expected SelfSubjectAccessReview, got ${String(posted.kind)}`);
    const spec = (posted.spec ?? {}) as Obj;
    if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
      throw errors.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [{ reason: 'FieldValueRequired', field: 'spec.resourceAttributes', message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
    }
    return { code: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { allowed: true } } };
  }
  if (m[1] !== 'authentication.k8s.io') return undefined;
  return { code: 201, body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { ...SANDBOX_USER } } } };
}
