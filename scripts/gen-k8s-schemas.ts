/**
 * Generates JSON schemas for the Kubernetes kinds Kubelab serves, offline, from the
 * `kubernetes-types` type declarations (no npm package ships plain schemas and nothing may be
 * downloaded at run time), named the Kubernetes way (io.k8s.api.apps.v1.DaemonSet,
 * io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, ...). Output:
 * lib/k8s/schemas/generated/k8s-schemas.json (gitignored); lib/k8s/schemas/openapi.ts builds
 * the OpenAPI documents from it. Skips the work when the output is newer than its inputs.
 * Run: npm run gen:schemas (add --force to regenerate anyway).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INT_OR_STRING, KINDS, apiVersionOf, k8sPackageOf, type KindRef } from '../lib/k8s/schemas/kinds';

const root = path.resolve(import.meta.dirname, '..');
const typesDir = path.join(root, 'node_modules/kubernetes-types');
const outDir = path.join(root, 'lib/k8s/schemas/generated');
const outFile = path.join(outDir, 'k8s-schemas.json');
const inputs = [path.join(typesDir, 'package.json'), path.join(root, 'lib/k8s/schemas/kinds.ts'), path.join(root, 'scripts/gen-k8s-schemas.ts')];

type Schema = Record<string, unknown>;

function upToDate(): boolean {
  if (!fs.existsSync(outFile)) return false;
  const built = fs.statSync(outFile).mtimeMs;
  return inputs.every((f) => fs.statSync(f).mtimeMs < built);
}

/** Which kubernetes-types modules export each type name ('core/v1', 'meta/v1', ...). */
function exportIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.d.ts')) {
        const mod = path.relative(typesDir, full).replace(/\.d\.ts$/, '').split(path.sep).join('/');
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)) index.set(m[1], [...(index.get(m[1]) ?? []), mod]);
      }
    }
  };
  walk(typesDir);
  return index;
}

const alias = (k: KindRef, suffix = '') => `${k.group.replace(/\W/g, '_') || 'core'}_${k.version}_${k.kind}${suffix}`;

/** Rewrites every `#/definitions/Short` to `#/definitions/<qualified>` in place. */
function renameRefs(node: unknown, rename: (short: string) => string): void {
  if (Array.isArray(node)) return node.forEach((n) => renameRefs(n, rename));
  if (!node || typeof node !== 'object') return;
  const obj = node as Schema;
  if (typeof obj.$ref === 'string') obj.$ref = `#/definitions/${rename(decodeURIComponent(obj.$ref.replace('#/definitions/', '')))}`;
  // kubernetes-types writes int-or-string fields inline as `number | string`.
  if (Array.isArray(obj.type) && obj.type.length === 2 && obj.type.includes('number') && obj.type.includes('string') && !obj.$ref) {
    const description = obj.description;
    for (const key of Object.keys(obj)) delete obj[key];
    Object.assign(obj, { $ref: `#/definitions/${INT_OR_STRING}` }, description ? { description } : {});
  }
  for (const value of Object.values(obj)) renameRefs(value, rename);
}

/**
 * kubernetes-types writes every int32/int64 as `number`; the Kubernetes APIs we serve have no
 * float fields, so numbers become integers. The Go width is not in the declarations: these
 * fields are int64 upstream, every other integer is int32.
 */
const INT64_FIELDS = new Set([
  'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'gracePeriodSeconds', 'startingDeadlineSeconds', 'tolerationSeconds',
  'expirationSeconds', 'runAsUser', 'runAsGroup', 'fsGroup', 'supplementalGroups', 'generation', 'observedGeneration', 'revision',
  'collisionCount', 'deletionGracePeriodSeconds',
]);

function integerFormats(definitions: Record<string, Schema>): void {
  const fix = (field: string, schema: Schema | undefined) => {
    if (!schema) return;
    if (schema.type === 'number') Object.assign(schema, { type: 'integer', format: INT64_FIELDS.has(field) ? 'int64' : 'int32' });
    if (schema.type === 'array') fix(field, schema.items as Schema | undefined);
    if (schema.type === 'object' && typeof schema.additionalProperties === 'object') fix(field, schema.additionalProperties as Schema);
  };
  for (const def of Object.values(definitions)) {
    for (const [field, prop] of Object.entries((def.properties ?? {}) as Record<string, Schema>)) fix(field, prop);
  }
}

/** Fix-ups the generator cannot know (Quantity accepts numbers, Time is a date-time, kinds carry their GVK). */
function fixUp(definitions: Record<string, Schema>): void {
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
  const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
  definitions[quantity] = { type: ['string', 'number'], description: definitions[quantity]?.description };
  definitions[INT_OR_STRING] = { type: ['string', 'integer'], description: 'IntOrString is a type that can hold an int32 or a string.' };
  // FieldsV1 is a free-form trie (f:, k:, v: keys): any object, as the OpenAPI spec declares it.
  if (definitions[`${meta}.FieldsV1`]) definitions[`${meta}.FieldsV1`] = { type: 'object', description: definitions[`${meta}.FieldsV1`].description };
  for (const t of ['Time', 'MicroTime']) if (definitions[`${meta}.${t}`]) definitions[`${meta}.${t}`] = { ...definitions[`${meta}.${t}`], type: 'string', format: 'date-time' };
  // kubernetes-types is 1.30; in 1.32 an onPodConditions pattern's status defaults to True.
  const onPodConditions = definitions['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern'];
  if (onPodConditions) onPodConditions.required = (onPodConditions.required as string[]).filter((f) => f !== 'status');
  for (const k of KINDS) {
    for (const suffix of ['', 'List']) {
      const def = definitions[`${k8sPackageOf(k.module)}.${k.kind}${suffix}`];
      const props = def.properties as Record<string, Schema>;
      // apiVersion/kind are not required here: the same types nest (volumeClaimTemplates); the validator requires them at the top.
      props.apiVersion = { type: 'string', enum: [apiVersionOf(k)], description: props.apiVersion?.description };
      props.kind = { type: 'string', enum: [`${k.kind}${suffix}`], description: props.kind?.description };
      def['x-kubernetes-group-version-kind'] = [{ group: k.group, version: k.version, kind: `${k.kind}${suffix}` }];
    }
  }
}

async function main(): Promise<void> {
  if (upToDate() && !process.argv.includes('--force')) {
    console.log('k8s schemas up to date');
    return;
  }
  const started = Date.now();
  // Imported here so the up-to-date check stays instant (the generator pulls in TypeScript).
  const { createGenerator } = await import('ts-json-schema-generator');
  const exportsOf = exportIndex();
  const batches = [...new Set(KINDS.map((k) => k.batch))];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-schemas-'));
  // One interface per batch whose fields are its kinds and their lists; one program for all.
  const lines = KINDS.flatMap((k) => [
    `import type { ${k.kind} as ${alias(k)}, ${k.kind}List as ${alias(k, 'List')} } from 'kubernetes-types/${k.module}';`,
  ]);
  for (const b of batches) {
    const fields = KINDS.filter((k) => k.batch === b).map((k) => `  ${alias(k)}: ${alias(k)};\n  ${alias(k, 'List')}: ${alias(k, 'List')};`);
    lines.push(`export interface Batch${b} {\n${fields.join('\n')}\n}`);
  }
  const entry = path.join(root, 'lib/k8s/schemas/.entry.gen.ts');
  fs.writeFileSync(entry, `${lines.join('\n')}\n`);
  try {
    const tsconfig = path.join(tmp, 'tsconfig.json');
    fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] }, files: [entry] }));
    const generator = createGenerator({ path: entry, tsconfig, skipTypeCheck: true, expose: 'all', topRef: true, jsDoc: 'extended', additionalProperties: false });
    const definitions: Record<string, Schema> = {};
    for (const b of batches) {
      const own = [...new Set(KINDS.filter((k) => k.batch === b).map((k) => k.module))];
      const preference = [...own, 'meta/v1', 'core/v1', 'api/resource'];
      const qualify = (short: string) => {
        if (short === 'IntOrString') return INT_OR_STRING;
        const modules = exportsOf.get(short) ?? [];
        const home = preference.find((m) => modules.includes(m)) ?? modules[0];
        if (!home) throw new Error(`kubernetes-types exports no type named ${short}`);
        return `${k8sPackageOf(home)}.${short}`;
      };
      // Cloned: the generator reuses its definition objects across calls and we rename in place.
      const schema = structuredClone(generator.createSchema(`Batch${b}`)) as { definitions: Record<string, Schema> };
      delete schema.definitions[`Batch${b}`];
      renameRefs(schema.definitions, qualify);
      for (const [short, def] of Object.entries(schema.definitions)) {
        if (short.includes('_v1_')) continue; // the import aliases: refs to the real types
        definitions[qualify(short)] = def;
      }
    }
    integerFormats(definitions);
    fixUp(definitions);
    const kinds: Record<string, string> = {};
    for (const k of KINDS) for (const suffix of ['', 'List']) kinds[`${k.group}/${k.version}/${k.kind}${suffix}`] = `${k8sPackageOf(k.module)}.${k.kind}${suffix}`;
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(outFile, JSON.stringify({ generatedFrom: 'kubernetes-types', kinds, definitions }));
    console.log(`k8s schemas: ${KINDS.length} kinds, ${Object.keys(definitions).length} definitions, ${(fs.statSync(outFile).size / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`);
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
