import { describe, expect, it } from 'vitest';
import { copyPaths, DockerfileSyntaxError, parseDockerfile, stageEnv, stageNamed, substitute } from './dockerfile';

const sample = `# syntax=docker/dockerfile:1
ARG BASE=node:20-bookworm-slim
FROM \${BASE} AS deps
RUN apt-get update \\
 # a comment inside a continued RUN
 && apt-get install -y socat
FROM \${BASE}
ENV A=1 B="two words" \\
    C=3
ENV OLD style value
COPY --from=deps --chown=1:1 /app/node_modules ./node_modules
CMD ["node", "x.mjs"]
`;

describe('parseDockerfile', () => {
  it('substitutes ARG defaults into FROM and names stages', () => {
    const f = parseDockerfile(sample);
    expect(f.globalArgs).toEqual({ BASE: 'node:20-bookworm-slim' });
    expect(f.stages.map((s) => [s.from, s.name])).toEqual([['node:20-bookworm-slim', 'deps'], ['node:20-bookworm-slim', undefined]]);
  });

  it('joins continued lines and drops comment lines inside them', () => {
    const run = parseDockerfile(sample).stages[0].instructions[0];
    expect(run.keyword).toBe('RUN');
    expect(run.args.replace(/\s+/g, ' ')).toBe('apt-get update && apt-get install -y socat');
    expect(run.line).toBe(4);
  });

  it('reads ENV in both forms, quoted values included', () => {
    expect(stageEnv(parseDockerfile(sample).stages[1])).toEqual({ A: '1', B: 'two words', C: '3', OLD: 'style value' });
  });

  it('splits COPY flags from its paths and parses the exec form', () => {
    const stage = parseDockerfile(sample).stages[1];
    const copy = stage.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.flags).toEqual({ from: 'deps', chown: '1:1' });
    expect(copyPaths(copy)).toEqual({ sources: ['/app/node_modules'], dest: './node_modules' });
    expect(stage.instructions.at(-1)!.exec).toEqual(['node', 'x.mjs']);
    expect(stageNamed(parseDockerfile(sample), 'deps')?.name).toBe('deps');
    expect(stageNamed(parseDockerfile(sample), '1')?.name).toBeUndefined();
  });

  it('refuses instructions before FROM other than ARG, naming the line', () => {
    expect(() => parseDockerfile('RUN true\nFROM x')).toThrow(DockerfileSyntaxError);
    expect(() => parseDockerfile('RUN true\nFROM x')).toThrow(/line 1/);
    expect(() => parseDockerfile('# only a comment\n')).toThrow(/no FROM/);
  });

  it('substitutes $NAME and ${NAME}, unknown names empty', () => {
    expect(substitute('$A-${B}-$C', { A: 'a', B: 'b' })).toBe('a-b-');
  });
});
