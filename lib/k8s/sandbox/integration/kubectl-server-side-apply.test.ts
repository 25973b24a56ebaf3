/** kubectl apply --server-side against the sandbox: field ownership, conflicts and force. */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

const configMap = (value: string, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: ${value}
${extra}`;

describe.runIf(run)('server-side apply with kubectl', () => {
  const { k } = useSandboxForKubectl();

  it('creates with kubectl as the field manager and records FieldsV1 ownership', async () => {
    const r = await k(['apply', '--server-side', '--validate=false', '-f', '-'], configMap('fast'));
    expect(r.stdout.trim()).toBe('configmap/settings serverside-applied');
    const obj = JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json', '--show-managed-fields'])).stdout);
    const entry = obj.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
    expect(entry).toMatchObject({ operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:mode': {} } } });
  });

  it('refuses a second manager changing an owned field, with the API server conflict message', async () => {
    const r = await k(['apply', '--server-side', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.mode');
  });

  it('moves ownership when forced, and drops fields the manager stops applying', async () => {
    const forced = await k(['apply', '--server-side', '--force-conflicts', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow', '  extra: "1"'));
    expect(forced.code).toBe(0);
    expect(JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json'])).stdout).data).toEqual({ mode: 'slow', extra: '1' });
    await k(['apply', '--server-side', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow'));
    expect(JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json'])).stdout).data).toEqual({ mode: 'slow' });
  });
});
