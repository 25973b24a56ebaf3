/**
 * A GET of a Kubernetes API path answered as plain JSON, through client-node's own transport
 * (api-get.ts: its authentication and dispatcher, the in-process one for the sandbox, TLS for a
 * real cluster). For readers that only want the JSON: client-node's typed APIs turn every object of
 * a list into model classes field by field (ObjectSerializer.deserialize), which was the portal
 * thread's largest cost of a class opening its benches (scripts/bench/class-capacity.mjs capacity).
 *
 * What a cluster answers is an input like any other: the body is counted as it streams and
 * refused past maxBytes, and its nesting is checked by a linear scan before JSON.parse (what
 * reads the objects afterwards recurses).
 */
import type * as k8s from '@kubernetes/client-node';
import { StreamTooLargeError } from '../../bytes/read-bounded';
import { boundedText, sendGet } from './api-get';
import { statusMessage } from './status-message';
import { checkJsonBounds, MAX_NESTING_DEPTH, TextBoundsError } from '../manifests/bounds';

/** The most a list the portal reads may weigh (a namespace's pods with their status, many times over). */
export const MAX_API_JSON_BYTES = 32 * 1024 * 1024;

/** The API server answered a GET with something other than 2xx; statusCode as client-node's errors carry it. */
export class ApiGetError extends Error {
  constructor(readonly path: string, readonly statusCode: number, readonly body: string) {
    super(`GET ${path}: ${statusCode} ${statusMessage(body)}`);
    this.name = 'ApiGetError';
  }
}

/** A 2xx answer the portal will not read: too large, nested too deep, or not JSON. */
export class ApiAnswerRefusedError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`GET ${path}: the cluster's answer was refused: ${reason}`);
    this.name = 'ApiAnswerRefusedError';
  }
}

export async function getJson<T>(kc: k8s.KubeConfig, path: string, maxBytes = MAX_API_JSON_BYTES): Promise<T> {
  const res = await sendGet(kc, path, { accept: 'application/json' });
  let text: string;
  try {
    text = await boundedText(res, maxBytes);
  } catch (e) {
    if (e instanceof StreamTooLargeError) throw new ApiAnswerRefusedError(path, `more than ${maxBytes} bytes`);
    throw e;
  }
  if (res.httpStatusCode < 200 || res.httpStatusCode > 299) throw new ApiGetError(path, res.httpStatusCode, text);
  try {
    checkJsonBounds(text, { maxBytes, maxDepth: MAX_NESTING_DEPTH });
  } catch (e) {
    if (e instanceof TextBoundsError) throw new ApiAnswerRefusedError(path, e.message);
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiAnswerRefusedError(path, 'not JSON');
  }
}
