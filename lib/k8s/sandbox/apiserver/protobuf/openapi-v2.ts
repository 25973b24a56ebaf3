/**
 * Encodes the swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf message
 * (google/gnostic openapiv2/OpenAPIv2.proto), which kubectl 1.27 and 1.28 ask for with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and parse without a JSON
 * fallback (apply, explain, diff). Vendor extensions travel as `Any.yaml` strings, which
 * kube-openapi's VendorExtensionToMap unmarshals (JSON is YAML, so each value is its JSON).
 * Only the swagger features the served document uses are encoded; anything else is refused by
 * name (OpenApiProtoEncodeError) rather than silently dropped.
 */

type Obj = Record<string, unknown>;

/** What kubectl 1.27/1.28 put in Accept (the deprecated form: '@' is not a MIME token character). */
export const OPENAPI_V2_PROTO_MIME_DEPRECATED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** What kube-openapi's handler answers with for either form: Go's mime.ParseMediaType refuses the '@' one. */
export const OPENAPI_V2_PROTO_MIME = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export class OpenApiProtoEncodeError extends Error {
  constructor(readonly where: string, readonly key: string) {
    super(`cannot encode swagger field ${key} at ${where} as openapi.v2 protobuf`);
    this.name = 'OpenApiProtoEncodeError';
  }
}

/** A protobuf message under construction: fields appended in call order. */
class Message {
  private parts: Buffer[] = [];
  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  private varint(n: number): void {
    const bytes: number[] = [];
    let v = n;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }
  string(field: number, value: unknown): this {
    if (typeof value !== 'string' || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }
  strings(field: number, values: unknown): this {
    if (Array.isArray(values)) for (const v of values) this.bytes(field, Buffer.from(String(v), 'utf8'));
    return this;
  }
  bool(field: number, value: unknown): this {
    if (value !== true) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }
  int(field: number, value: unknown): this {
    if (typeof value !== 'number' || value <= 0) return this;
    this.tag(field, 0);
    this.varint(Math.floor(value));
    return this;
  }
  double(field: number, value: unknown): this {
    if (typeof value !== 'number') return this;
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(b);
    return this;
  }
  message(field: number, m: Message | undefined): this {
    if (!m) return this;
    return this.bytes(field, m.finish());
  }
  private bytes(field: number, b: Buffer): this {
    this.tag(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** openapi.v2.Any{yaml = 2}. */
const anyYaml = (value: unknown) => new Message().string(2, JSON.stringify(value));

/** repeated NamedAny vendor_extension: every `x-` key of the node. */
function vendorExtensions(m: Message, field: number, node: Obj): void {
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-')) m.message(field, new Message().string(1, k).message(2, anyYaml(v)));
  }
}

const SCHEMA_KEYS = new Set(['$ref', 'format', 'title', 'description', 'default', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'required', 'enum', 'additionalProperties', 'type', 'items', 'allOf', 'properties', 'readOnly', 'example']);

/** openapi.v2.Schema. */
export function encodeSchema(s: Obj, where: string): Message {
  for (const k of Object.keys(s)) if (!SCHEMA_KEYS.has(k) && !k.startsWith('x-')) throw new OpenApiProtoEncodeError(where, k);
  const m = new Message().string(1, s.$ref).string(2, s.format).string(3, s.title).string(4, s.description);
  if (s.default !== undefined) m.message(5, anyYaml(s.default));
  m.double(7, s.maximum).double(9, s.minimum).int(11, s.maxLength).int(12, s.minLength).string(13, s.pattern).int(14, s.maxItems).int(15, s.minItems).bool(16, s.uniqueItems);
  m.strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) m.message(20, anyYaml(e));
  if (s.additionalProperties !== undefined) {
    const ap = s.additionalProperties;
    m.message(21, typeof ap === 'boolean' ? new Message().bool(2, ap) : new Message().message(1, encodeSchema(ap as Obj, `${where}.additionalProperties`)));
  }
  if (s.type !== undefined) m.message(22, new Message().strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  if (s.items !== undefined) {
    const items = Array.isArray(s.items) ? (s.items as Obj[]) : [s.items as Obj];
    const list = new Message();
    items.forEach((it, i) => list.message(1, encodeSchema(it, `${where}.items[${i}]`)));
    m.message(23, list);
  }
  if (Array.isArray(s.allOf)) (s.allOf as Obj[]).forEach((it, i) => m.message(24, encodeSchema(it, `${where}.allOf[${i}]`)));
  if (s.properties) {
    const props = new Message();
    for (const [name, p] of Object.entries(s.properties as Record<string, Obj>)) props.message(1, new Message().string(1, name).message(2, encodeSchema(p, `${where}.${name}`)));
    m.message(25, props);
  }
  m.bool(27, s.readOnly);
  if (s.example !== undefined) m.message(30, anyYaml(s.example));
  vendorExtensions(m, 31, s);
  return m;
}

/** ParametersItem{parameter = 1}: a body parameter or a query/path one with its primitive fields. */
function encodeParameter(p: Obj, where: string): Message {
  let parameter: Message;
  if (p.in === 'body') {
    const body = new Message().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required).message(5, encodeSchema(p.schema as Obj, `${where}.schema`));
    vendorExtensions(body, 6, p);
    parameter = new Message().message(1, body);
  } else {
    // QueryParameterSubSchema (3) and PathParameterSubSchema (4) differ: query has allow_empty_value = 5.
    const isQuery = p.in === 'query';
    const off = isQuery ? 1 : 0;
    const sub = new Message().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name).string(5 + off, p.type).string(6 + off, p.format).bool(19 + off, p.uniqueItems);
    vendorExtensions(sub, 22 + off, p);
    parameter = new Message().message(2, new Message().message(isQuery ? 3 : 4, sub));
  }
  return new Message().message(1, parameter);
}

function encodeOperation(op: Obj, where: string): Message {
  const m = new Message().strings(1, op.tags).string(3, op.description).string(5, op.operationId).strings(6, op.produces).strings(7, op.consumes);
  ((op.parameters as Obj[] | undefined) ?? []).forEach((p, i) => m.message(8, encodeParameter(p, `${where}.parameters[${i}]`)));
  const responses = new Message();
  for (const [code, r] of Object.entries((op.responses as Record<string, Obj>) ?? {})) {
    const response = new Message().string(1, r.description);
    if (r.schema) response.message(2, new Message().message(1, encodeSchema(r.schema as Obj, `${where}.responses.${code}`)));
    responses.message(1, new Message().string(1, code).message(2, new Message().message(1, response)));
  }
  m.message(9, responses);
  vendorExtensions(m, 13, op);
  return m;
}

const METHOD_FIELDS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

/** openapi.v2.Document, bytes as served at /openapi/v2 for the protobuf Accept type. */
export function encodeOpenApiV2(doc: Obj): Buffer {
  const info = (doc.info as Obj | undefined) ?? {};
  const m = new Message().string(1, doc.swagger).message(2, new Message().string(1, info.title).string(2, info.version));
  const paths = new Message();
  for (const [path, item] of Object.entries((doc.paths as Record<string, Obj>) ?? {})) {
    const pi = new Message();
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const field = METHOD_FIELDS[method];
      if (!field) throw new OpenApiProtoEncodeError(path, method);
      pi.message(field, encodeOperation(op as Obj, `${path}.${method}`));
    }
    ((item.parameters as Obj[] | undefined) ?? []).forEach((p, i) => pi.message(9, encodeParameter(p, `${path}.parameters[${i}]`)));
    paths.message(2, new Message().string(1, path).message(2, pi));
  }
  m.message(8, paths);
  const defs = new Message();
  for (const [name, schema] of Object.entries((doc.definitions as Record<string, Obj>) ?? {})) defs.message(1, new Message().string(1, name).message(2, encodeSchema(schema, name)));
  m.message(9, defs);
  return m.finish();
}
