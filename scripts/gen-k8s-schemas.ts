/**
 * Generates JSON schemas for the Kubernetes kinds Kubelab uses, offline, from the
 * `kubernetes-types` type declarations (no npm package ships plain schemas and nothing may be
 * downloaded at run time). Output: lib/k8s/schemas/generated/k8s-schemas.json (gitignored).
 * Skips the work when the output is newer than its inputs. Run: npm run gen:schemas
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { KINDS, type KindRef } from '../lib/k8s/schemas/kinds';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'lib/k8s/schemas/generated');
const outFile = path.join(outDir, 'k8s-schemas.json');
const inputs = [
  path.join(root, 'node_modules/kubernetes-types/package.json'),
  path.join(root, 'lib/k8s/schemas/kinds.ts'),
  path.join(root, 'scripts/gen-k8s-schemas.ts'),
];

function upToDate(): boolean {
  if (!fs.existsSync(outFile)) return false;
  const built = fs.statSync(outFile).mtimeMs;
  return inputs.every((f) => fs.statSync(f).mtimeMs < built);
}

function alias(k: KindRef): string {
  return `${k.group.replace(/\W/g, '_') || 'core'}_${k.version}_${k.kind}`;
}

type Schema = Record<string, unknown>;

/**
 * Fix-ups the generator cannot know: Quantity accepts numbers; apiVersion and kind only take
 * the kind's own values. (They are required only at the top level, checked by the validator,
 * since the same types appear nested, e.g. a StatefulSet's volumeClaimTemplates.)
 */
function fixUp(definitions: Record<string, Schema>): void {
  if (definitions.Quantity) definitions.Quantity = { type: ['string', 'number'], description: (definitions.Quantity as Schema).description };
  for (const k of KINDS) {
    const def = definitions[k.kind] as Schema | undefined;
    if (!def) continue;
    const props = def.properties as Record<string, Schema>;
    props.apiVersion = { type: 'string', enum: [k.group ? `${k.group}/${k.version}` : k.version], description: (props.apiVersion ?? {}).description };
    props.kind = { type: 'string', enum: [k.kind], description: (props.kind ?? {}).description };
  }
}

function main(): void {
  if (upToDate() && !process.argv.includes('--force')) {
    console.log('k8s schemas up to date');
    return;
  }
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-schemas-'));
  // One interface whose fields are every kind, so one generator run yields shared definitions.
  const imports = KINDS.map((k) => `import type { ${k.kind} as ${alias(k)} } from '${k.module}';`).join('\n');
  const fields = KINDS.map((k) => `  ${alias(k)}: ${alias(k)};`).join('\n');
  const entry = path.join(root, 'lib/k8s/schemas/.entry.gen.ts');
  fs.writeFileSync(entry, `${imports}\nexport interface AllKinds {\n${fields}\n}\n`);
  try {
    const tsconfig = path.join(tmp, 'tsconfig.json');
    fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] }, files: [entry] }));
    const generator = createGenerator({ path: entry, tsconfig, type: 'AllKinds', skipTypeCheck: true, expose: 'all', topRef: true, jsDoc: 'extended', additionalProperties: false });
    const schema = generator.createSchema('AllKinds') as { definitions: Record<string, Schema> };
    const definitions = schema.definitions;
    delete definitions.AllKinds;
    fixUp(definitions);
    const kinds: Record<string, string> = {};
    for (const k of KINDS) {
      if (!definitions[k.kind]) throw new Error(`kubernetes-types has no ${k.kind} in ${k.module}`);
      kinds[`${k.group}/${k.version}/${k.kind}`] = k.kind;
    }
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(outFile, JSON.stringify({ generatedFrom: 'kubernetes-types', kinds, definitions }));
    console.log(`k8s schemas: ${KINDS.length} kinds, ${Object.keys(definitions).length} definitions, ${(fs.statSync(outFile).size / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`);
  } finally {
    fs.rmSync(entry, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
