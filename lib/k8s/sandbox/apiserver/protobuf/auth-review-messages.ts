/**
 * Field numbers of the review kinds kubectl posts as protobuf (`auth can-i`, `auth whoami`), from
 * k8s.io/api authorization/v1 and authentication/v1 generated.proto, in proto-messages.json's form.
 * Kept beside the generated table because gen-table.ts reads only the stored kinds' groups.
 */
type Field = [number, string, string, 'o' | 'r' | 'm'];

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const AUTHZ = 'k8s.io.api.authorization.v1';
const AUTHN = 'k8s.io.api.authentication.v1';

export const AUTH_REVIEW_MESSAGES: Record<string, Record<string, Field>> = {
  [`${AUTHZ}.SelfSubjectAccessReview`]: {
    1: [1, 'metadata', `${META}.ObjectMeta`, 'o'],
    2: [2, 'spec', `${AUTHZ}.SelfSubjectAccessReviewSpec`, 'o'],
  },
  [`${AUTHZ}.SelfSubjectAccessReviewSpec`]: {
    1: [1, 'resourceAttributes', `${AUTHZ}.ResourceAttributes`, 'o'],
    2: [2, 'nonResourceAttributes', `${AUTHZ}.NonResourceAttributes`, 'o'],
  },
  [`${AUTHZ}.ResourceAttributes`]: {
    1: [1, 'namespace', 'string', 'o'],
    2: [2, 'verb', 'string', 'o'],
    3: [3, 'group', 'string', 'o'],
    4: [4, 'version', 'string', 'o'],
    5: [5, 'resource', 'string', 'o'],
    6: [6, 'subresource', 'string', 'o'],
    7: [7, 'name', 'string', 'o'],
  },
  [`${AUTHZ}.NonResourceAttributes`]: {
    1: [1, 'path', 'string', 'o'],
    2: [2, 'verb', 'string', 'o'],
  },
  [`${AUTHN}.SelfSubjectReview`]: {
    1: [1, 'metadata', `${META}.ObjectMeta`, 'o'],
  },
};
