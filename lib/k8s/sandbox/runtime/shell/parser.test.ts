import { describe, expect, it } from 'vitest';
import { parse, ShellSyntaxError } from './parser';

describe('parser', () => {
  it('builds and-or lists of pipelines with background items', () => {
    const s = parse('a | b && c || d; e &');
    expect(s.items).toHaveLength(2);
    expect(s.items[0].andOr.first.commands).toHaveLength(2);
    expect(s.items[0].andOr.rest.map((r) => r.op)).toEqual(['&&', '||']);
    expect(s.items[1].background).toBe(true);
  });

  it('keeps the quoting structure of words', () => {
    const cmd = parse(`echo 'a b' "x $V \${W:-d}" \\* $(date) $((1+2))`).items[0].andOr.first.commands[0];
    expect(cmd.type).toBe('simple');
    if (cmd.type !== 'simple') return;
    expect(cmd.words.map((w) => w.parts.map((p) => p.type))).toEqual([['lit'], ['sq'], ['dq'], ['esc'], ['cmdsub'], ['arith']]);
  });

  it('reads io numbers, dups and here-doc bodies at the next newline', () => {
    const cmd = parse('cat 2>&1 >/dev/null <<EOF\nbody $x\nEOF\necho next').items[0].andOr.first.commands[0];
    if (cmd.type !== 'simple') throw new Error('simple expected');
    expect(cmd.redirs.map((r) => [r.fd, r.op])).toEqual([
      [2, '>&'],
      [1, '>'],
      [0, '<<'],
    ]);
    expect(cmd.redirs[2].heredoc?.parts.map((p) => p.type)).toEqual(['esc', 'param', 'esc']);
  });

  it('parses compound commands and function definitions', () => {
    const types = parse('if a; then b; elif c; then d; else e; fi\nwhile x; do y; done\nuntil x; do y; done\nfor i in 1 2; do :; done\ncase $x in a|b) :;; *) :;; esac\nf() { :; }\n( sub )\n{ grp; }')
      .items.map((i) => i.andOr.first.commands[0].type);
    expect(types).toEqual(['if', 'while', 'while', 'for', 'case', 'function', 'subshell', 'group']);
  });

  it('reads quotes inside ${...} as in a command word, and a backslash-newline there continues the line', () => {
    const word = (src: string) => {
      const cmd = parse(src).items[0].andOr.first.commands[0];
      if (cmd.type !== 'simple') throw new Error('simple expected');
      return cmd.words[1].parts[0];
    };
    const quoted = word(`echo \${x:-'a b'"$y"\\c}`);
    expect(quoted.type === 'param' && quoted.arg?.parts.map((p) => p.type)).toEqual(['sq', 'dq', 'esc']);
    const continued = word('echo ${x:-a\\\nb}');
    expect(continued.type === 'param' && continued.arg?.parts).toEqual([{ type: 'lit', text: 'ab' }]);
    const line = parse("echo ${x:-'a\nb'}\nfalse").items[1].andOr.first.commands[0];
    expect(line.type === 'simple' && line.line).toBe(3);
  });

  it('parses nested command substitutions with quotes and parentheses inside', () => {
    const s = parse('echo "$(echo "(a)" | sed \'s/)/]/\')"');
    expect(s.items).toHaveLength(1);
  });

  it.each([
    ['if true; then echo', 'syntax error: unexpected end of file (expecting "fi")'],
    ['for i in 1 2; do echo', 'syntax error: unexpected end of file (expecting "done")'],
    ["echo 'open", 'syntax error: unterminated quoted string'],
    ['echo )', 'syntax error: unexpected ")"'],
    ['done', 'syntax error: unexpected "done"'],
    ['{ echo }', 'syntax error: unexpected end of file (expecting "}")'],
    ['echo ${x', 'syntax error: bad substitution'],
  ])('rejects %j with %s', (src, message) => {
    expect(() => parse(src)).toThrow(ShellSyntaxError);
    expect(() => parse(src)).toThrow(message);
  });
});
