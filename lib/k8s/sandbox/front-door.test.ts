import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the config file is plain JavaScript without types
import { sandboxFrontDoor } from '../../../eslint.config.mjs';

/** The lint rule of eslint.config.mjs that keeps portal code behind the sandbox's front door. */
describe('the sandbox front door rule', () => {
  it('refuses a portal import of sandbox internals and accepts the front doors and the sandbox\'s own imports', async () => {
    // The rule's own block of the config, with the TypeScript parser: the whole config (Next's
    // plugins) would take seconds to load.
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true, overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, sandboxFrontDoor] });
    const lint = async (filePath: string, code: string) => (await eslint.lintText(code, { filePath }))[0].messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
    expect(await lint('lib/lab/some-view.ts', "import { kubeconfigYaml } from '../k8s/sandbox/host';\nexport const f = kubeconfigYaml;\n")).toBe(1);
    expect(await lint('components/lab/SomeCard.tsx', "import { printPod } from '@/lib/k8s/sandbox/registry/kinds/pod-printer';\nexport const f = printPod;\n")).toBe(1);
    expect(await lint('lib/lab/some-view.ts', "import { kubeconfigYaml } from '../k8s/sandbox';\nexport const f = kubeconfigYaml;\n")).toBe(0);
    expect(await lint('components/lab/SomeCard.tsx', "import { printPod } from '@/lib/k8s/sandbox/pure';\nexport const f = printPod;\n")).toBe(0);
    expect(await lint('lib/k8s/sandbox/some-part.ts', "import { kubeconfigYaml } from './host';\nexport const f = kubeconfigYaml;\n")).toBe(0);
  }, 30_000);
});
