import { describe, expect, it } from 'vitest';
import { runScript, ShellHarness } from './test-driver';

/** [name, script, expected stdout, expected exit code] */
const CASES: [string, string, string, number?][] = [
  ['&& runs the right side only after success', 'true && echo yes; false && echo no; echo end', 'yes\nend\n'],
  ['|| runs the right side only after failure', 'false || echo recovered; true || echo no', 'recovered\n'],
  ['$? is the status of the last command', 'false; echo $?; true; echo $?', '1\n0\n'],
  ['exit N ends the script with N', 'echo a; exit 3; echo b', 'a\n', 3],
  ['single quotes keep everything literal', `echo '$HOME "x" \\n'`, '$HOME "x" \\n\n'],
  ['double quotes expand but do not split', 'x="a   b"; echo "$x"; echo $x', 'a   b\na b\n'],
  ['backslash escapes a character', 'echo \\$HOME \\"q\\"', '$HOME "q"\n'],
  ['${VAR:-def} and ${VAR:=x} and ${#VAR}', 'echo ${U:-def}; echo ${V:=set}; echo $V ${#V}', 'def\nset\nset 3\n'],
  ['${VAR%pat} ${VAR#pat} and the long forms', 'f=/var/log/app.log; echo ${f%.log} ${f#*/} ${f##*/} ${f%%/*}x', '/var/log/app var/log/app.log app.log x\n'],
  ['${VAR/pat/rep} replaces', 'v=a-b-c; echo ${v/-/+} ${v//-/+}', 'a+b-c a+b+c\n'],
  ['arithmetic with precedence, modulo and comparisons', 'i=7; echo $((i * 10 % 4 + (2 - 5) / 1)) $((3 > 2)) $((i == 7 && 1)) $((i += 1)) $i', '-1 1 1 8 8\n'],
  ['command substitution strips trailing newlines and nests', 'echo "[$(echo "a $(echo b)")]" `echo c`', '[a b] c\n'],
  ['for iterates words and globs', 'for x in one "two three"; do echo "<$x>"; done', '<one>\n<two three>\n'],
  ['while and until loops with break and continue', 'i=0; while true; do i=$((i+1)); [ $i -eq 2 ] && continue; [ $i -gt 4 ] && break; echo $i; done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i', '1\n3\n4\n0\n'],
  ['if/elif/else', 'for n in 1 2 3; do if [ $n = 1 ]; then echo one; elif [ $n = 2 ]; then echo two; else echo many; fi; done', 'one\ntwo\nmany\n'],
  ['case with alternatives and wildcards', 'for w in start stop x.log other; do case $w in start|stop) echo verb;; *.log) echo log;; *) echo other;; esac; done', 'verb\nverb\nlog\nother\n'],
  ['functions take arguments and return a status', 'greet() { echo "hi $1 ($#)"; return 4; }; greet bob x; echo $?', 'hi bob (2)\n4\n'],
  ['local variables are restored after the function', 'x=outer; f() { local x=inner; echo $x; }; f; echo $x', 'inner\nouter\n'],
  ['subshells do not change the parent', 'x=1; (x=2; cd /tmp; echo $x $(pwd)); echo $x $(pwd)', '2 /tmp\n1 /\n'],
  ['groups share the shell and take redirections', '{ echo a; echo b; } > /tmp/g; cat /tmp/g', 'a\nb\n'],
  ['redirections: >, >>, <, 2>&1, 2>/dev/null', 'echo one > /tmp/f; echo two >> /tmp/f; wc -l < /tmp/f; ls /nope 2>/dev/null; ls /nope 2>&1 | sed s/ls/LS/', '2\nLS: /nope: No such file or directory\n'],
  ['here-docs expand unless the delimiter is quoted', "n=5; cat <<EOF\nn=$n $((n+1))\nEOF\ncat <<'EOF'\nn=$n\nEOF", 'n=5 6\nn=$n\n'],
  ['<<- strips leading tabs', 'cat <<-END\n\tindented\n\tEND', 'indented\n'],
  ['read splits a line into variables, the last takes the rest', 'echo "a b c d" | { read x y z; echo "$x|$y|$z"; }', 'a|b|c d\n'],
  ['read with IFS=, over a file', 'printf "r1,10\\nr2,20\\n" > /tmp/c; while IFS=, read name value; do echo "$name=$((value * 2))"; done < /tmp/c', 'r1=20\nr2=40\n'],
  ['read -r keeps backslashes, plain read removes them', "printf '%s\\n' 'a\\b' 'c\\d' | { read -r l; echo \"$l\"; read m; echo \"$m\"; }", 'a\\b\ncd\n'],
  ['globbing matches files in the VFS, sorted, and a pattern without match stays', 'mkdir -p /d; touch /d/b.log /d/a.log /d/c.txt; echo /d/*.log; echo /d/*.none', '/d/a.log /d/b.log\n/d/*.none\n'],
  ['quoted globs do not expand', 'touch /tmp/x.log; echo "/tmp/*.log"', '/tmp/*.log\n'],
  ['test operators', '[ -f /etc/hostname ] && echo f; [ -d /etc ] && echo d; [ -e /nope ] || echo ne; [ -z "" ] && echo z; [ -n x ] && echo n; [ a != b ] && echo ne2; [ 3 -lt 10 ] && echo lt; [ ! 1 -ge 2 ] && echo not; test 5 -le 5 && echo le', 'f\nd\nne\nz\nn\nne2\nlt\nnot\nle\n'],
  ['set -e stops at the first failure but not in conditions', 'set -e; if false; then :; fi; false || true; echo still; false; echo never', 'still\n', 1],
  ['export passes variables to child shells', 'export A=1; B=2; sh -c \'echo "$A-$B"\'', '1-\n'],
  ['prefix assignments reach only that command', 'X=1 sh -c \'echo $X\'; echo "[$X]"', '1\n[]\n'],
  ['$# $@ and shift', 'set -- a "b c" d; echo $#; for a in "$@"; do echo "<$a>"; done; shift; echo $1', '3\n<a>\n<b c>\n<d>\nb c\n'],
  ['eval runs its arguments', 'cmd="echo evaluated"; eval $cmd', 'evaluated\n'],
  ['unknown commands report not found with 127', 'foo; echo $?', '127\n'],
  ['! negates a status', '! false && echo negated', 'negated\n'],
  ['comments are ignored', 'echo a # not this\n# whole line\necho b', 'a\nb\n'],
  ['line continuation joins lines', 'echo a \\\n b', 'a b\n'],
  ['$RANDOM is in 0..32767 and varies', 'a=$RANDOM; b=$RANDOM; [ $a -ge 0 ] && [ $a -le 32767 ] && [ $a != $b ] && echo ok', 'ok\n'],
  ['$$ is the pid of the shell', 'echo $$', '1\n'],
  ['cd changes $PWD and relative paths', 'mkdir -p /w/sub; cd /w; cd sub; pwd; echo $PWD; cd ..; ls', '/w/sub\n/w/sub\nsub\n'],
  ['a script in the filesystem runs by path', 'printf "echo from script \\$1\\n" > /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh arg; sh /tmp/s.sh two', 'from script arg\nfrom script two\n'],
  ['trap EXIT runs at exit', "trap 'echo bye' EXIT; echo hi; exit 2", 'hi\nbye\n', 2],
  ['exec >file redirects the rest of the script', 'exec > /tmp/all; echo one; echo two; exec >/dev/null; cat /tmp/all >&2', ''],
];

describe('shell semantics', () => {
  it.each(CASES)('%s', async (_name, script, stdout, code = 0) => {
    const r = await runScript(script);
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(code);
  });

  it('reports a syntax error with busybox wording and exit status 2', async () => {
    const r = await runScript('if true; then echo x');
    expect(r.stderr).toBe('sh: -c: line 1: syntax error: unexpected end of file (expecting "fi")\n');
    expect(r.code).toBe(2);
  });

  it('prints can\'t open for a missing input file and continues', async () => {
    const r = await runScript('cat < /nope; echo after $?');
    expect(r.stderr).toBe("sh: can't open '/nope': No such file or directory\n");
    expect(r.stdout).toBe('after 1\n');
  });

  it('reads stdin given to the process', async () => {
    const r = await runScript('while read l; do echo "got $l"; done', { stdin: 'a\nb\n' });
    expect(r.stdout).toBe('got a\ngot b\n');
  });

  it('runs a single command without a shell, and refuses an unknown one', async () => {
    const h = new ShellHarness();
    const p = h.spawn(['echo', 'direct', 'argv']);
    expect((await h.exit(p))?.code).toBe(0);
    expect(h.stdout()).toBe('direct argv\n');
    expect(() => h.spawn(['nginxx'])).toThrow('exec: "nginxx": executable file not found in $PATH');
  });
});
