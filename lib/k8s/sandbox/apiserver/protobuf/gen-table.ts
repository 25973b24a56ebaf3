/**
 * Builds proto-messages.json, the field table the protobuf decoder uses, from Kubernetes'
 * generated.proto files (kubernetes/api and kubernetes/apimachinery checkouts).
 * Run: npx tsx lib/k8s/sandbox/apiserver/protobuf/gen-table.ts <kubernetes/api dir> <kubernetes/apimachinery dir>
 * Only message fields are kept: [number, name, type, 'o' | 'r' | 'm' (map; type = value type)].
 */
import fs from 'node:fs';
import path from 'node:path';

type Field = [number, string, string, 'o' | 'r' | 'm'];

const API_FILES = ['core', 'apps', 'batch', 'scheduling', 'storage', 'policy', 'coordination', 'discovery', 'events', 'autoscaling'].map((g) => `${g}/v1/generated.proto`);
const MACHINERY_FILES = ['pkg/apis/meta/v1/generated.proto', 'pkg/util/intstr/generated.proto', 'pkg/api/resource/generated.proto', 'pkg/runtime/generated.proto'];
const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float', 'uint32', 'uint64', 'fixed64', 'fixed32', 'sint32', 'sint64']);

function parse(text: string, table: Record<string, Record<string, Field>>): void {
  const pkg = text.match(/^package ([\w.]+);/m)?.[1];
  if (!pkg) throw new Error('proto file without a package');
  const body = text.replace(/\/\/.*$/gm, '');
  const messageRe = /message (\w+) \{([^}]*)\}/g;
  let m: RegExpExecArray | null;
  while ((m = messageRe.exec(body))) {
    const fields: Record<string, Field> = {};
    for (const line of m[2].split(';')) {
      const f = line.trim().match(/^(optional|repeated)?\s*(map<\s*string\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)/);
      if (!f) continue;
      const isMap = f[2].startsWith('map<');
      let type = isMap ? f[3] : f[2];
      type = type.replace(/^\./, '');
      if (!SCALARS.has(type) && !type.includes('.')) type = `${pkg}.${type}`;
      fields[f[5]] = [Number(f[5]), f[4], type, isMap ? 'm' : f[1] === 'repeated' ? 'r' : 'o'];
    }
    table[`${pkg}.${m[1]}`] = fields;
  }
}

function main(): void {
  const [apiDir, machineryDir] = process.argv.slice(2);
  if (!apiDir || !machineryDir) throw new Error('usage: gen-table.ts <kubernetes/api dir> <kubernetes/apimachinery dir>');
  const table: Record<string, Record<string, Field>> = {};
  for (const f of API_FILES) if (fs.existsSync(path.join(apiDir, f))) parse(fs.readFileSync(path.join(apiDir, f), 'utf8'), table);
  for (const f of MACHINERY_FILES) parse(fs.readFileSync(path.join(machineryDir, f), 'utf8'), table);
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'proto-messages.json');
  fs.writeFileSync(out, JSON.stringify(table));
  console.log(`${Object.keys(table).length} messages -> ${out}`);
}

main();
