import { describe, expect, it } from 'vitest';
import { ALLOWED_VERBS, completeLine, CompletionRequestError, MAX_CANDIDATES, MAX_LINE } from './terminal-complete';

const cluster: Record<string, string[]> = { pods: ['web-1', 'web-2', 'db-0'], nodes: ['control-plane', 'worker-1'], namespaces: ['default', 'kube-system'] };
const asked: Array<[string, string | undefined]> = [];
const names = async (resource: string, namespace: string | undefined) => {
  asked.push([resource, namespace]);
  return cluster[resource] ?? [];
};

describe('Tab completion on the server', () => {
  it('offers allowed kubectl verbs and never refused ones', async () => {
    const r = await completeLine('kubectl ', 8, names);
    expect(r.candidates).toContain('get');
    expect(r.candidates).not.toContain('proxy');
    expect(r.candidates).not.toContain('config');
    expect(ALLOWED_VERBS).not.toContain('cp');
  });

  it('offers names from the cluster for the kind on the line, filtered by the word', async () => {
    expect(await completeLine('kubectl get pods w', 18, names)).toEqual({ start: 17, candidates: ['web-1', 'web-2'] });
    expect(await completeLine('kubectl cordon w', 16, names)).toEqual({ start: 15, candidates: ['worker-1'] });
  });

  it('passes a namespace from -n only when it is a valid name', async () => {
    asked.length = 0;
    await completeLine('kubectl -n team get pods ', 25, names);
    await completeLine('kubectl -n ../../etc get pods ', 30, names);
    expect(asked).toEqual([['pods', 'team'], ['pods', undefined]]);
  });

  it('refuses a line longer than the limit and a cursor outside the line', async () => {
    await expect(completeLine('k'.repeat(MAX_LINE + 1), 1, names)).rejects.toBeInstanceOf(CompletionRequestError);
    await expect(completeLine('kubectl', 99, names)).rejects.toThrow('cursor 99 is outside the line');
    await expect(completeLine('kubectl', -1, names)).rejects.toThrow(CompletionRequestError);
  });

  it('answers at most MAX_CANDIDATES names', async () => {
    const many = async () => Array.from({ length: MAX_CANDIDATES * 3 }, (_, i) => `p${i}`);
    expect((await completeLine('kubectl get pods ', 17, many)).candidates).toHaveLength(MAX_CANDIDATES);
  });
});
