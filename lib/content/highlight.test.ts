import { describe, expect, it } from 'vitest';
import { highlight } from './highlight';

const kinds = (line: ReturnType<typeof highlight>[number]) => line.filter((t) => t.text.trim()).map((t) => `${t.kind}:${t.text.trim()}`);

describe('highlight', () => {
  it('marks yaml keys, values and comments', () => {
    const [line] = highlight('  image: fluentd:v1.14-1 # pinned', 'yaml');
    expect(kinds(line)).toEqual(['key:image', 'punct::', 'plain:fluentd:v1.14-1', 'comment:# pinned']);
  });

  it('does not treat a # inside quotes as a comment', () => {
    const [line] = highlight('msg: "a # b"', 'yaml');
    expect(line.some((t) => t.kind === 'comment')).toBe(false);
  });

  it('marks the command, flags and strings of a shell line', () => {
    const [line] = highlight("kubectl get pods -l app=log-collector -o wide | grep 'x'", 'bash');
    expect(kinds(line)).toEqual(['command:kubectl', 'plain:get', 'plain:pods', 'flag:-l', 'plain:app=log-collector', 'flag:-o', 'plain:wide', 'punct:|', 'command:grep', "string:'x'"]);
  });

  it('keeps every character of the input', () => {
    const code = 'a: 1\n# c\n- name: x\n';
    expect(highlight(code, 'yaml').map((l) => l.map((t) => t.text).join('')).join('\n')).toBe(code.trimEnd());
  });

  it('returns plain lines for unknown languages', () => {
    expect(highlight('x <y>', 'text')).toEqual([[{ kind: 'plain', text: 'x <y>' }]]);
  });
});
