/**
 * API groups served by code rather than by stored kinds of the registry (no objects are kept):
 * the self reviews (auth-reviews.ts) and metrics (metrics-api.ts). Discovery lists them beside the registry's groups.
 */
import { AUTH_REVIEW_GROUPS } from './auth-reviews';
import { METRICS_GROUP } from './metrics-api';

export interface VirtualGroup {
  group: string;
  version: string;
  resources: { name: string; singularName: string; namespaced: boolean; kind: string; verbs: string[] }[];
}

export const VIRTUAL_GROUPS: readonly VirtualGroup[] = [...AUTH_REVIEW_GROUPS, METRICS_GROUP];
