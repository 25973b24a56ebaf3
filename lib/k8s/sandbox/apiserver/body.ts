/**
 * Request bodies: a size cap counted as the body streams in (413 as the API server words it;
 * Content-Length only lets an oversize body be refused earlier), JSON or YAML decoding with
 * depth, alias bombs and document counts refused (400) before anything is composed, never a
 * crash.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { checkJsonBounds, checkYamlBounds, TextBoundsError, TextTooLargeError, valueDepth } from '../../manifests/bounds';
import { errors } from '../errors';
import { abandonBody } from '../../../http/lingering-close';
import { ProtobufDecodeError, decodeKubernetesProtobuf, isProtobuf } from './protobuf/decode';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
export const MAX_DEPTH = 100;

/**
 * Reads a body chunk by chunk and refuses it as soon as the count passes the limit (chunked
 * bodies included: Content-Length, when sent, only lets an oversize body be refused before
 * its first byte). The rest of a refused body is drained and dropped, never kept.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      abandonBody(req);
      settle(() => reject(errors.tooLarge(limit)));
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (size > limit) {
        chunks = [];
        // Answered 413 with Connection: close, read on briefly so the client sees it (lingering-close.ts).
        abandonBody(req);
        settle(() => reject(errors.tooLarge(limit)));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => settle(() => resolve(Buffer.concat(chunks))));
    req.on('error', (e) => settle(() => reject(errors.badRequest(`error reading request body: ${e.message}`))));
    // A client that hangs up mid-body leaves no 'end': settle so the handler does not wait forever.
    req.on('close', () => settle(() => reject(errors.badRequest('error reading request body: the connection closed before the body ended'))));
  });
}

/** A bounds refusal in the words the API server's decoders use (see lib/k8s/manifests/bounds.ts). */
function refusal(e: unknown, yaml: boolean): never {
  if (e instanceof TextTooLargeError) throw errors.tooLarge(MAX_BODY_BYTES);
  if (e instanceof TextBoundsError) {
    throw errors.badRequest(yaml ? `error converting YAML to JSON: ${e.message}` : `couldn't get version/kind; json parse error: ${e.message}`);
  }
  throw e;
}

function parseBoundedJson(text: string): unknown {
  try {
    checkJsonBounds(text, { maxBytes: MAX_BODY_BYTES, maxDepth: MAX_DEPTH });
  } catch (e) {
    refusal(e, false);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

function parseBoundedYaml(text: string): unknown {
  // kubectl's server-side apply sends JSON as application/apply-patch+yaml: JSON is YAML, and
  // JSON.parse reads it many times faster than the YAML composer.
  if (/^\s*\{/.test(text)) {
    try {
      checkJsonBounds(text, { maxBytes: MAX_BODY_BYTES, maxDepth: MAX_DEPTH });
      return JSON.parse(text);
    } catch (e) {
      if (e instanceof TextBoundsError) refusal(e, true);
      // Not JSON after all (YAML flow style, comments...): the YAML path judges it.
    }
  }
  try {
    // Depth, aliases and documents are bounded before the yaml package composes anything:
    // its composer recurses, and an overflow there can abort the whole process.
    checkYamlBounds(text, { maxBytes: MAX_BODY_BYTES, maxDepth: MAX_DEPTH });
  } catch (e) {
    refusal(e, true);
  }
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: false, merge: false });
  } catch (e) {
    throw errors.badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
  }
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
    value = parseBoundedYaml(text);
  } else if (
    type === 'application/json' ||
    type === 'application/merge-patch+json' ||
    type === 'application/strategic-merge-patch+json' ||
    type === 'application/json-patch+json' ||
    type === '' || type === '*/*'
  ) {
    value = parseBoundedJson(text);
  } else {
    throw errors.unsupportedMediaType(contentType ?? '');
  }
  // Aliases can nest what the text does not (an anchor inside an anchor): measure the value too.
  if (valueDepth(value, MAX_DEPTH) > MAX_DEPTH) throw errors.badRequest(`the request body is nested more than ${MAX_DEPTH} levels deep`);
  return value;
}
