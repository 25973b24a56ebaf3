/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies into the JSON the API server
 * works with. kubectl's typed clients (`kubectl create namespace|deployment|job|configmap...`)
 * send protobuf and do not fall back to JSON, so the sandbox must read it. Field numbers come
 * from Kubernetes' generated.proto files (proto-messages.json, see gen-table.ts).
 *
 * Wire format: the 4-byte magic "k8s\0", then a runtime.Unknown {typeMeta, raw}; raw is the
 * object's message. Special message types map to their JSON forms (Time → RFC3339,
 * Quantity → string, IntOrString → number|string, RawExtension/FieldsV1 → embedded JSON).
 */
import table from './proto-messages.json';
import { AUTH_REVIEW_MESSAGES } from './auth-review-messages';

type Field = [number, string, string, 'o' | 'r' | 'm'];
const MESSAGES: Record<string, Record<string, Field>> = { ...(table as unknown as Record<string, Record<string, Field>>), ...AUTH_REVIEW_MESSAGES };
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const MAX_DEPTH = 64;

export class ProtobufDecodeError extends Error {
  constructor(detail: string) {
    super(`unable to decode protobuf body: ${detail}`);
    this.name = 'ProtobufDecodeError';
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufDecodeError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new ProtobufDecodeError('varint too long');
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (len < 0 || this.pos + len > this.end) throw new ProtobufDecodeError('length past the end of the message');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ProtobufDecodeError(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new ProtobufDecodeError('field past the end of the message');
  }
}

function toInt(v: bigint, type: string): number {
  // int32/int64 negatives arrive as 64-bit two's complement.
  const signed = BigInt.asIntN(64, v);
  return type === 'bool' ? Number(v) : Number(signed);
}

function scalar(type: string, wire: number, r: Reader): unknown {
  if (wire === 2) {
    const b = r.bytes();
    return type === 'bytes' ? b.toString('base64') : b.toString('utf8');
  }
  if (wire === 0) {
    const v = r.varint();
    return type === 'bool' ? v !== 0n : toInt(v, type);
  }
  if (wire === 1) {
    const v = r.buf.readDoubleLE(r.pos);
    r.pos += 8;
    return v;
  }
  throw new ProtobufDecodeError(`unexpected wire type ${wire} for ${type}`);
}

function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

/** Messages whose JSON form is not an object of their fields. */
function special(type: string, raw: Record<string, unknown>): unknown {
  switch (type) {
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.Time':
      if (!raw.seconds && !raw.nanos) return undefined;
      return rfc3339(Number(raw.seconds ?? 0), Number(raw.nanos ?? 0), false);
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime':
      if (!raw.seconds && !raw.nanos) return undefined;
      return rfc3339(Number(raw.seconds ?? 0), Number(raw.nanos ?? 0), true);
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return raw.string ?? '0';
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return Number(raw.type ?? 0) === 1 ? (raw.strVal ?? '') : Number(raw.intVal ?? 0);
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration':
      return `${Number(raw.duration ?? 0) / 1e9}s`;
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case 'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': {
      const b64 = (raw.raw ?? raw.Raw) as string | undefined;
      if (!b64) return {};
      try {
        return JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
      } catch {
        throw new ProtobufDecodeError(`${type} does not hold JSON`);
      }
    }
    default:
      return raw;
  }
}

function decodeMessage(type: string, r: Reader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError('message nested too deeply');
  const fields = MESSAGES[type];
  if (!fields) throw new ProtobufDecodeError(`unknown message ${type}`);
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const key = Number(r.varint());
    const num = key >>> 3;
    const wire = key & 7;
    const field = fields[String(num)];
    if (!field) {
      r.skip(wire);
      continue;
    }
    const [, name, ftype, label] = field;
    if (label === 'm') {
      if (wire !== 2) throw new ProtobufDecodeError(`map ${name} with wire type ${wire}`);
      const entry = r.bytes();
      const er = new Reader(entry);
      let k = '';
      let v: unknown = ftype === 'string' ? '' : undefined;
      while (er.pos < er.end) {
        const ek = Number(er.varint());
        if (ek >>> 3 === 1) k = er.bytes().toString('utf8');
        else if (ek >>> 3 === 2) v = valueOf(ftype, ek & 7, er, depth);
        else er.skip(ek & 7);
      }
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[k] = v;
      continue;
    }
    // Packed repeated scalars (proto2 k8s protos do not pack, but accept it).
    if (label === 'r' && wire === 2 && ftype !== 'string' && ftype !== 'bytes' && !MESSAGES[ftype]) {
      const packed = new Reader(r.bytes());
      const list = (out[name] ??= []) as unknown[];
      while (packed.pos < packed.end) list.push(scalar(ftype, 0, packed));
      continue;
    }
    const value = valueOf(ftype, wire, r, depth);
    if (label === 'r') ((out[name] ??= []) as unknown[]).push(value);
    else out[name] = value;
  }
  // Go's protobuf writes non-pointer fields even when empty, where JSON's omitempty drops
  // them: drop empty strings, zero times and false bools (except pointer bools, whose false
  // is a choice).
  for (const [k, v] of Object.entries(out)) {
    if (v === '' || v === undefined || (v === false && !POINTER_BOOLS.has(k)) || (v === 0 && ZERO_OMITTED.has(k))) delete out[k];
  }
  // Go structs embedded with `json:",inline"` are a field of their own in protobuf: their fields
  // belong to the enclosing JSON object (a Volume's hostPath, an ephemeral container's image).
  for (const inline of [INLINE_FIELDS[type], 'localObjectReference']) {
    if (!inline || !out[inline] || typeof out[inline] !== 'object') continue;
    const embedded = out[inline] as Record<string, unknown>;
    delete out[inline];
    Object.assign(out, embedded);
  }
  return special(type, out);
}

/**
 * Message → its field that JSON inlines (the generated.proto names of the embedded structs);
 * `localObjectReference` (a ConfigMap or Secret reference's name) is inlined wherever it appears.
 */
const INLINE_FIELDS: Record<string, string> = {
  'k8s.io.api.core.v1.Volume': 'volumeSource',
  'k8s.io.api.core.v1.EphemeralContainer': 'ephemeralContainerCommon',
  'k8s.io.api.core.v1.Probe': 'handler',
  'k8s.io.api.core.v1.PersistentVolumeSpec': 'persistentVolumeSource',
};

/** Non-pointer numbers whose zero means "unset" in JSON (omitempty). */
const ZERO_OMITTED = new Set(['generation', 'minReadySeconds', 'observedGeneration', 'nodePort', 'deletionGracePeriodSeconds']);

const POINTER_BOOLS = new Set([
  'automountServiceAccountToken', 'suspend', 'enableServiceLinks', 'hostUsers', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem',
  'runAsNonRoot', 'privileged', 'immutable', 'manualSelector', 'allowVolumeExpansion', 'setHostnameAsFQDN', 'shareProcessNamespace',
  'optional', 'ready', 'serving', 'terminating', 'blockOwnerDeletion', 'controller', 'readOnly',
]);

function valueOf(type: string, wire: number, r: Reader, depth: number): unknown {
  if (MESSAGES[type]) {
    if (wire !== 2) throw new ProtobufDecodeError(`message ${type} with wire type ${wire}`);
    const b = r.bytes();
    return decodeMessage(type, new Reader(b), depth + 1);
  }
  return scalar(type, wire, r);
}

/** The proto package of a group/version's types: "apps/v1" → k8s.io.api.apps.v1. */
function packageFor(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash).split('.')[0];
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `k8s.io.api.${group}.${version}`;
}

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

/** Decodes a whole request body (magic + runtime.Unknown) into a JSON object. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufDecodeError('missing the k8s\\0 prefix');
  const unknown = decodeMessage('k8s.io.apimachinery.pkg.runtime.Unknown', new Reader(body.subarray(4)), 0) as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: string;
  };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  if (!apiVersion || !kind) throw new ProtobufDecodeError('no apiVersion/kind in the envelope');
  const type = `${packageFor(apiVersion)}.${kind}`;
  if (!MESSAGES[type]) throw new ProtobufDecodeError(`no protobuf schema for ${apiVersion} ${kind}`);
  const raw = Buffer.from(unknown.raw ?? '', 'base64');
  const obj = decodeMessage(type, new Reader(raw), 0) as Record<string, unknown>;
  return { apiVersion, kind, ...obj };
}
