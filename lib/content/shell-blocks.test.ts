import { describe, expect, it } from 'vitest';
import { shellBlocks } from './shell-blocks';

describe('shellBlocks', () => {
  it('keeps the command lines of bash, sh and shell fences with their fence line', () => {
    const src = 'text\n```bash\nkubectl get pods\n\n# a comment\nkubectl get nodes   # why\n```\n```sh\necho hi\n```\n```yaml\nkind: Pod\n```\n';
    expect(shellBlocks(src)).toEqual([
      { line: 2, lines: ['kubectl get pods', 'kubectl get nodes   # why'] },
      { line: 8, lines: ['echo hi'] },
    ]);
  });

  it('remembers the yaml block above a shell block, for -f editor', () => {
    const src = '```yaml\nkind: Job\n```\n```bash\nkubectl apply -f editor\n```\n';
    expect(shellBlocks(src)).toEqual([{ line: 4, lines: ['kubectl apply -f editor'], yamlAbove: 'kind: Job\n' }]);
  });

  it('leaves out a fence marked own-machine and lines holding a <placeholder>', () => {
    const src = '```bash own-machine\nkind create cluster\n```\n```shell\nkubectl describe pod <name>\nkubectl get pvc\n```\n';
    expect(shellBlocks(src)).toEqual([{ line: 4, lines: ['kubectl get pvc'] }]);
  });
});
