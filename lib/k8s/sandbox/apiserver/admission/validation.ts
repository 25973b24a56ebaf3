/**
 * Field validation with the API server's wording (pkg/apis/<group>/validation). Returns causes;
 * the caller throws errors.invalid(kind, group, name, causes).
 */
import type { StatusCause } from '../../errors';
import type { KubeObject } from '../../types';

type Obj = Record<string, unknown>;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}
export function required(field: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: 'Required value' };
}
export function notSupported(field: string, value: unknown, supported: string[]): StatusCause {
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  };
}
export function immutable(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: field is immutable` };
}

/** metadata.name for kinds whose names are DNS-1123 subdomains (most) or labels (namespaces, services). */
export function validateName(name: string | undefined, label: boolean): StatusCause[] {
  if (!name) return [required('metadata.name')];
  const re = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  const max = label ? 63 : 253;
  if (name.length > max) return [invalidValue('metadata.name', name, `must be no more than ${max} characters`)];
  if (!re.test(name)) {
    const what = label ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    const example = label ? "'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'" : "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'";
    return [invalidValue('metadata.name', name, `a lowercase ${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. ${example})`.replace(", '-' or '.'", label ? " or '-'" : ", '-' or '.'"))];
  }
  return [];
}

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalidValue(field, labels, 'must be a map of string keys to string values')];
  const out: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels as Obj)) {
    const slash = k.lastIndexOf('/');
    const namepart = slash >= 0 ? k.slice(slash + 1) : k;
    const prefix = slash >= 0 ? k.slice(0, slash) : '';
    if (!QUALIFIED_NAME.test(namepart) || (prefix && !DNS1123_SUBDOMAIN.test(prefix))) {
      out.push(invalidValue(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    }
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      out.push(invalidValue(field, v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
  return out;
}


const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validatePodSpec(spec: Obj | undefined, field: string, allowedRestart: string[]): StatusCause[] {
  const out: StatusCause[] = [];
  if (!spec) return [required(field)];
  const containers = spec.containers as Obj[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) out.push(required(`${field}.containers`));
  const seen = new Set<string>();
  const list = [
    ...((Array.isArray(spec.initContainers) ? spec.initContainers : []) as Obj[]).map((c, i) => ({ c, f: `${field}.initContainers[${i}]` })),
    ...(containers ?? []).map((c, i) => ({ c, f: `${field}.containers[${i}]` })),
  ];
  list.forEach(({ c, f }) => {
    if (!c || typeof c !== 'object') {
      out.push(required(f));
      return;
    }
    if (!c.name) out.push(required(`${f}.name`));
    else if (typeof c.name !== 'string' || !DNS1123_LABEL.test(c.name)) out.push(invalidValue(`${f}.name`, c.name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    else if (seen.has(c.name)) out.push({ reason: 'FieldValueDuplicate', field: `${f}.name`, message: `Duplicate value: ${JSON.stringify(c.name)}` });
    if (typeof c.name === 'string') seen.add(c.name);
    if (!c.image) out.push(required(`${f}.image`));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy as string)) out.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    ((Array.isArray(c.ports) ? c.ports : []) as Obj[]).forEach((p, j) => {
      const port = p?.containerPort;
      if (typeof port === 'number' && (port < 1 || port > 65535 || !Number.isInteger(port))) out.push(invalidValue(`${f}.ports[${j}].containerPort`, port, 'must be between 1 and 65535, inclusive'));
      if (p?.protocol !== undefined && !PROTOCOLS.includes(p.protocol as string)) out.push(notSupported(`${f}.ports[${j}].protocol`, p.protocol, PROTOCOLS));
    });
  });
  const rp = spec.restartPolicy;
  if (rp !== undefined && !allowedRestart.includes(rp as string)) out.push(notSupported(`${field}.restartPolicy`, rp, allowedRestart));
  return out;
}

function labelsMatchSelector(selector: Obj | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (l[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** selector required, non-empty, and matching the template labels (apps and manual-selector Jobs). */
export function validateSelectorMatchesTemplate(spec: Obj, field = 'spec'): StatusCause[] {
  const selector = spec.selector as Obj | undefined;
  const tmplLabels = ((spec.template as Obj | undefined)?.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  if (!selector) return [required(`${field}.selector`)];
  const empty = Object.keys((selector.matchLabels ?? {}) as Obj).length === 0 && ((selector.matchExpressions ?? []) as unknown[]).length === 0;
  if (empty) return [invalidValue(`${field}.selector`, selector, 'empty selector is invalid for deployment')];
  if (!labelsMatchSelector(selector, tmplLabels)) {
    return [invalidValue(`${field}.template.metadata.labels`, tmplLabels ?? {}, '`selector` does not match template `labels`')];
  }
  return [];
}

export function changed(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

export function validateObjectMeta(obj: KubeObject, nameIsLabel: boolean): StatusCause[] {
  return [...validateName(obj.metadata.name, nameIsLabel), ...validateLabels(obj.metadata.labels, 'metadata.labels')];
}
