/**
 * Request bodies: a size cap (413 as the API server words it), JSON or YAML decoding with
 * YAML alias bombs and deep nesting refused (400), never a crash.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from '../errors';
import { ProtobufDecodeError, decodeKubernetesProtobuf, isProtobuf } from './protobuf/decode';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
export const MAX_DEPTH = 100;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(errors.tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(errors.tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(errors.badRequest(`error reading request body: ${e.message}`));
    });
  });
}

function depthOf(v: unknown, limit: number): number {
  // Iterative so a hostile document cannot overflow the stack while being measured.
  const stack: [unknown, number][] = [[v, 1]];
  let max = 0;
  while (stack.length) {
    const [cur, d] = stack.pop()!;
    if (cur === null || typeof cur !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(cur as object)) stack.push([child, d + 1]);
  }
  return max;
}

/** Decodes a body by content type: JSON, or YAML (application/yaml, apply-patch+yaml). */
export function decodeBody(buf: Buffer, contentType: string | undefined): unknown {
  if (isProtobuf(contentType)) {
    try {
      return decodeKubernetesProtobuf(buf);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw errors.badRequest(e.message);
      throw e;
    }
  }
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  const text = buf.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the request body is empty');
  let value: unknown;
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') {
    try {
      value = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false, merge: false });
    } catch (e) {
      throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  } else if (
    type === 'application/json' ||
    type === 'application/merge-patch+json' ||
    type === 'application/strategic-merge-patch+json' ||
    type === 'application/json-patch+json' ||
    type === '' || type === '*/*'
  ) {
    if (/^\s*[[{]/.test(text) && maxBracketDepth(text) > MAX_DEPTH) {
      throw errors.badRequest(`the request body is nested more than ${MAX_DEPTH} levels deep`);
    }
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  } else {
    throw errors.unsupportedMediaType(contentType ?? '');
  }
  if (depthOf(value, MAX_DEPTH) > MAX_DEPTH) throw errors.badRequest(`the request body is nested more than ${MAX_DEPTH} levels deep`);
  return value;
}

/** Bracket depth of raw JSON text, checked before JSON.parse so deep nesting costs nothing. */
function maxBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}
