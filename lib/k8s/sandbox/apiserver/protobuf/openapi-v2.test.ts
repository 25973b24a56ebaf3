import { describe, expect, it } from 'vitest';
import { openApiV2 } from '../../../schemas/openapi';
import { encodeOpenApiV2, encodeSchema, OpenApiProtoEncodeError } from './openapi-v2';
import { wantsOpenApiV2Protobuf } from './openapi-v2-response';
import type { IncomingMessage } from 'node:http';

/** Field numbers and wire types of the top level of a message (enough to check the framing). */
function topLevel(buf: Buffer): { field: number; wire: number; len: number }[] {
  const out: { field: number; wire: number; len: number }[] = [];
  let pos = 0;
  const varint = () => {
    let r = 0;
    let mul = 1;
    for (;;) {
      const b = buf[pos++];
      r += (b & 0x7f) * mul;
      if (!(b & 0x80)) return r;
      mul *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key & 7;
    const len = wire === 2 ? varint() : wire === 1 ? 8 : 0;
    if (wire === 0) varint();
    pos += len;
    out.push({ field: key >>> 3, wire, len });
  }
  expect(pos).toBe(buf.length);
  return out;
}

describe('encodeOpenApiV2', () => {
  it('frames the served swagger document as openapi.v2.Document fields 1, 2, 8 and 9', () => {
    const fields = topLevel(encodeOpenApiV2(openApiV2() as Record<string, unknown>));
    expect(fields.map((f) => f.field)).toEqual([1, 2, 8, 9]);
    expect(fields.every((f) => f.wire === 2)).toBe(true);
  });

  it('carries vendor extensions as NamedAny with the value as YAML text', () => {
    const bytes = encodeSchema({ type: 'array', 'x-kubernetes-patch-merge-key': 'name' }, 'test').finish();
    expect(bytes.toString('latin1')).toContain('x-kubernetes-patch-merge-key');
    expect(bytes.toString('latin1')).toContain('"name"');
  });

  it('refuses a schema keyword it cannot encode, naming it and where it was', () => {
    expect(() => encodeSchema({ properties: { a: { oneOf: [{ type: 'string' }] } } }, 'Thing')).toThrowError(new OpenApiProtoEncodeError('Thing.a', 'oneOf'));
  });
});

describe('wantsOpenApiV2Protobuf', () => {
  const req = (accept: string) => ({ headers: { accept } }) as unknown as IncomingMessage;
  it('answers protobuf to kubectl 1.27 Accept headers and JSON to JSON-first ones', () => {
    expect(wantsOpenApiV2Protobuf(req('application/com.github.proto-openapi.spec.v2@v1.0+protobuf'))).toBe(true);
    expect(wantsOpenApiV2Protobuf(req('application/com.github.proto-openapi.spec.v2.v1.0+protobuf, application/json'))).toBe(true);
    expect(wantsOpenApiV2Protobuf(req('application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf'))).toBe(false);
    expect(wantsOpenApiV2Protobuf(req('application/json'))).toBe(false);
  });
});
