/**
 * ObjectApi (object-api.ts) over an in-process HTTP handler: the sandbox worker applies a
 * learner's manifest to a cluster it runs with the same API requests client-node sends (GET the
 * object; PATCH with application/apply-patch+yaml, fieldManager, force and dryRun; DELETE with
 * propagationPolicy), served by the cluster's own API server with its admission, validation,
 * limits and errors, but without a message to the portal's thread and back per request, and
 * without client-node's discovery requests and model classes: the path comes from the kind's
 * REST shape, which the caller resolves (the sandbox's registry).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { answerText, type InProcessHandler } from './in-process';
import { FIELD_MANAGER, type ObjectApi, type ObjectSpec } from './object-api';

/** Where a kind's objects live: its plural and whether it is namespaced; undefined for a kind the cluster does not serve. */
export type KindShape = { plural: string; namespaced: boolean } | undefined;

/** A non-2xx answer: code and body as apiFailure reads them (the API server's Status). */
export class InProcessApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly code: number, readonly body: string) {
    super(`${method} ${path}: ${code}`);
    this.name = 'InProcessApiError';
  }
}

/** A kind the cluster does not serve, worded as client-node words it. */
export class UnrecognizedKindError extends Error {
  constructor(readonly apiVersion: string, readonly kind: string) {
    super(`Unrecognized API version and kind: ${apiVersion} ${kind}`);
    this.name = 'UnrecognizedKindError';
  }
}

export function inProcessObjectApi(handle: InProcessHandler, shapeOf: (apiVersion: string, kind: string) => KindShape): ObjectApi {
  const pathOf = (spec: ObjectSpec): string => {
    const shape = shapeOf(spec.apiVersion, spec.kind);
    if (!shape) throw new UnrecognizedKindError(spec.apiVersion, spec.kind);
    const root = spec.apiVersion.includes('/') ? `/apis/${spec.apiVersion}` : `/api/${spec.apiVersion}`;
    const ns = shape.namespaced ? `/namespaces/${encodeURIComponent(spec.metadata.namespace ?? 'default')}` : '';
    return `${root}${ns}/${shape.plural}/${encodeURIComponent(spec.metadata.name)}`;
  };
  const call = async (method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; text: string }> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (contentType) headers['content-type'] = contentType;
    const a = await answerText(handle, { method, path, headers, body });
    if (a.status < 200 || a.status > 299) throw new InProcessApiError(method, path.split('?')[0], a.status, a.text);
    return a;
  };
  return {
    read: async (spec) => JSON.parse((await call('GET', pathOf(spec))).text) as KubernetesObject,
    apply: async (spec, dryRun) => {
      const query = `?fieldManager=${FIELD_MANAGER}&force=true${dryRun ? '&dryRun=All' : ''}`;
      return JSON.parse((await call('PATCH', pathOf(spec) + query, JSON.stringify(spec), 'application/apply-patch+yaml')).text) as KubernetesObject;
    },
    delete: async (spec) => {
      await call('DELETE', pathOf(spec) + '?propagationPolicy=Background');
    },
  };
}
