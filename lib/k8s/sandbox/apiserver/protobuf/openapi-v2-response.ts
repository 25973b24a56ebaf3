/**
 * Serves /openapi/v2 as gnostic protobuf when the client asks for it (kubectl 1.27/1.28 do, and
 * treat a JSON answer as invalid wire data); encoded once per document object.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeOpenApiV2, OPENAPI_V2_PROTO_MIME, OPENAPI_V2_PROTO_MIME_DEPRECATED } from './openapi-v2';

const encoded = new WeakMap<object, Buffer>();

/** Whether the request's Accept header names the protobuf form before (or instead of) JSON. */
export function wantsOpenApiV2Protobuf(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  const found = [OPENAPI_V2_PROTO_MIME, OPENAPI_V2_PROTO_MIME_DEPRECATED].map((m) => accept.indexOf(m)).filter((i) => i >= 0);
  if (found.length === 0) return false;
  const proto = Math.min(...found);
  const json = accept.indexOf('application/json');
  return json < 0 || proto < json;
}

export function sendOpenApiV2Protobuf(res: ServerResponse, doc: object): void {
  let body = encoded.get(doc);
  if (!body) encoded.set(doc, (body = encodeOpenApiV2(doc as Record<string, unknown>)));
  res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTO_MIME, 'Content-Length': body.length });
  res.end(body);
}
