import { describe, expect, it } from 'vitest';
import { applyCompletion, completionTarget, formatCandidates } from './completion';

describe('what the word before the cursor is', () => {
  it('is a command at the start of the line and after a pipe or $(', () => {
    expect(completionTarget('kub', 3)).toEqual({ kind: 'command', word: 'kub', start: 0 });
    expect(completionTarget('kubectl get pods | gr', 21)).toEqual({ kind: 'command', word: 'gr', start: 19 });
    expect(completionTarget('echo $(kub', 10)).toMatchObject({ kind: 'command', word: 'kub', start: 7 });
  });

  it('is a verb after kubectl and its global flags', () => {
    expect(completionTarget('kubectl ge', 10)).toEqual({ kind: 'verb', word: 'ge', start: 8 });
    expect(completionTarget('kubectl -n kube-system ge', 25)).toMatchObject({ kind: 'verb', word: 'ge' });
    expect(completionTarget('watch kubectl ', 14)).toMatchObject({ kind: 'verb', word: '' });
  });

  it('is a kind after get and a name after the kind, in the namespace given with -n', () => {
    expect(completionTarget('kubectl get dep', 15)).toMatchObject({ kind: 'resource', word: 'dep' });
    expect(completionTarget('kubectl -n team get po we', 25)).toEqual({ kind: 'name', word: 'we', start: 23, resource: 'pods', namespace: 'team' });
    expect(completionTarget('kubectl describe pods/we', 24)).toMatchObject({ kind: 'name', word: 'we', resource: 'pods', start: 22 });
    expect(completionTarget('kubectl get nodes -n x wor', 26)).toMatchObject({ kind: 'name', resource: 'nodes', namespace: undefined });
  });

  it('is a pod after logs and exec, a node after cordon and drain, a namespace after -n', () => {
    expect(completionTarget('kubectl logs -f we', 18)).toMatchObject({ kind: 'name', resource: 'pods', word: 'we' });
    expect(completionTarget('kubectl cordon wor', 18)).toMatchObject({ kind: 'name', resource: 'nodes' });
    expect(completionTarget('kubectl get pods -n ku', 22)).toMatchObject({ kind: 'name', resource: 'namespaces', word: 'ku' });
    expect(completionTarget('kubectl rollout status deploy/we', 32)).toMatchObject({ kind: 'name', resource: 'deployments', word: 'we' });
  });

  it('is nothing to complete for flags, flag values and other commands\' arguments', () => {
    expect(completionTarget('kubectl get pods -o ya', 22).kind).toBe('none');
    expect(completionTarget('kubectl get pods --sho', 22).kind).toBe('none');
    expect(completionTarget('grep we', 7).kind).toBe('none');
  });

  it('ignores separators inside quotes', () => {
    expect(completionTarget("echo 'a|b' kub", 14).kind).toBe('none');
  });
});

describe('applying candidates', () => {
  it('completes a single match and adds a space', () => {
    expect(applyCompletion('kubectl logs we', 15, 13, ['web-7d9f-abcde', 'db-0'])).toEqual({ buffer: 'kubectl logs web-7d9f-abcde ', cursor: 28, list: [] });
  });

  it('completes the common prefix of several matches, then lists them', () => {
    const r = applyCompletion('kubectl get po web', 18, 15, ['web-1', 'web-2']);
    expect(r).toEqual({ buffer: 'kubectl get po web-', cursor: 19, list: [] });
    expect(applyCompletion(r.buffer, r.cursor, 15, ['web-1', 'web-2']).list).toEqual(['web-1', 'web-2']);
  });

  it('leaves the line alone when nothing matches, and keeps text after the cursor', () => {
    expect(applyCompletion('kubectl zz', 10, 8, ['get'])).toEqual({ buffer: 'kubectl zz', cursor: 10, list: [] });
    expect(applyCompletion('kubectl ge pods', 10, 8, ['get'])).toEqual({ buffer: 'kubectl get pods', cursor: 11, list: [] });
  });

  it('lays candidates out in columns that fit the width and says how many were left out', () => {
    const out = formatCandidates(['aaa', 'bbb', 'ccc', 'ddd'], 12);
    expect(out.split('\r\n')).toEqual(['aaa  bbb', 'ccc  ddd']);
    expect(formatCandidates(Array.from({ length: 5 }, (_, i) => `n${i}`), 80, 3)).toContain('… and 2 more');
  });
});
