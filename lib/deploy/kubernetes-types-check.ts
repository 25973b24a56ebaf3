/**
 * Checks plain objects against the `kubernetes-types` declarations with the TypeScript compiler:
 * each object becomes a typed literal (`const o: Ingress = {...}`), so a misspelt or unknown field
 * (excess-property check), a wrong type or a missing required field is a compile error. Used for
 * kinds the project's generated schemas do not cover (lib/k8s/schemas/kinds.ts), such as Ingress
 * and NetworkPolicy, whose manifests the Helm chart renders.
 */
import path from 'node:path';
import ts from 'typescript';

export interface TypedObject {
  /** A kubernetes-types module and type, e.g. { module: 'networking/v1', type: 'Ingress' }. */
  module: string;
  type: string;
  object: unknown;
  /** Shown in problems (e.g. the template the object came from). */
  label: string;
}

/** The compiler's messages, each prefixed with the object's label; [] when every object fits its type. */
export function checkKubernetesTypes(objects: TypedObject[], root: string): string[] {
  const file = path.join(root, '__kubernetes_types_check__.ts');
  const imports = [...new Set(objects.map((o) => `import type { ${o.type} as ${o.module.replace(/\W/g, '_')}_${o.type} } from 'kubernetes-types/${o.module}';`))];
  const lines = objects.map((o, i) => `export const o${i}: ${o.module.replace(/\W/g, '_')}_${o.type} = ${JSON.stringify(o.object)};`);
  const source = `${imports.join('\n')}\n${lines.join('\n')}\n`;
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file)!;
  return ts.getPreEmitDiagnostics(program, sf).map((d) => {
    const line = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start).line : -1;
    const n = line - imports.length;
    const label = objects[n]?.label ?? 'imports';
    return `${label}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
