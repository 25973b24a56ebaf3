import { describe, expect, it } from 'vitest';
import { runScript, ShellHarness } from '../test-driver';

const SETUP = "printf 'b 2\\na 10\\nc 1\\na 10\\n' > /tmp/t; printf 'x,1,foo\\ny,2,bar\\nz,3,baz\\n' > /tmp/c.csv; ";

/** [name, script, expected stdout, expected status] */
const CASES: [string, string, string, number?][] = [
  ['echo -n and -e', 'echo -n a; echo -e "b\\tc\\n"', 'ab\tc\n\n'],
  ['printf reuses its format and pads', 'printf "%s=%03d|%-4s|%5.1f\\n" a 7 xy 3.14159 b 8', 'a=007|xy  |  3.1\nb=008|    |  0.0\n'],
  ['cat files in order and from stdin', SETUP + 'echo in | cat /tmp/c.csv - | head -2', 'x,1,foo\ny,2,bar\n'],
  ['head and tail by lines', 'seq 1 10 > /tmp/n; head -3 /tmp/n; tail -n 2 /tmp/n; tail -n +9 /tmp/n; head -n 2 < /tmp/n', '1\n2\n3\n9\n10\n9\n10\n1\n2\n'],
  ['wc counts lines, words and bytes', SETUP + 'wc -l < /tmp/t; wc -w < /tmp/t; wc -c < /tmp/t; wc -l /tmp/t', '4\n8\n18\n      4 /tmp/t\n'],
  ['sort: plain, numeric on a key, reverse, unique', SETUP + 'sort /tmp/t; sort -k2 -n /tmp/t; sort -ru /tmp/t', 'a 10\na 10\nb 2\nc 1\nc 1\nb 2\na 10\na 10\nc 1\nb 2\na 10\n'],
  ['uniq and uniq -c', SETUP + 'sort /tmp/t | uniq; sort /tmp/t | uniq -c', 'a 10\nb 2\nc 1\n      2 a 10\n      1 b 2\n      1 c 1\n'],
  ['cut fields and characters', SETUP + 'cut -d, -f1,3 /tmp/c.csv; echo abcdef | cut -c2-4', 'x,foo\ny,bar\nz,baz\nbcd\n'],
  ['tr ranges, classes, delete and squeeze', 'echo Hello | tr a-z A-Z; echo hello | tr "[:lower:]" "[:upper:]"; echo "a1b2" | tr -d 0-9; echo "aa  bb" | tr -s " "', 'HELLO\nHELLO\nab\naa bb\n'],
  ['tee writes a file and passes data on', 'echo both | tee /tmp/tee; cat /tmp/tee', 'both\nboth\n'],
  ['grep -v -i -c -E -q -n -o', SETUP + 'grep -v a /tmp/t; grep -ic A /tmp/t; grep -E "^[a-c] [0-9]{2}$" /tmp/t; grep -q zzz /tmp/t || echo none; grep -n c /tmp/t; echo a1b22 | grep -oE "[0-9]+"', 'b 2\nc 1\n2\na 10\na 10\nnone\n3:c 1\n1\n22\n'],
  ['grep BRE groups and anchors', "printf 'ab\\nabab\\n' | grep '^\\(ab\\)\\{2\\}$'", 'abab\n'],
  ['grep exit status: 0 match, 1 none, 2 missing file', 'echo a | grep a >/dev/null; echo $?; echo a | grep b; echo $?; grep a /nope; echo $?', '0\n1\n2\n'],
  ['sed substitute, global, groups, -n p, delete, addresses', "echo 'a-b-c' | sed 's/-/+/'; echo 'a-b-c' | sed 's/-/+/g'; echo 'key=val' | sed -E 's/(.*)=(.*)/\\2=\\1/'; seq 1 5 | sed -n '2,3p'; seq 1 4 | sed '/3/d'; seq 1 3 | sed '$d'; echo x | sed 's/x/[&]/'", 'a+b-c\na+b+c\nval=key\n2\n3\n1\n2\n4\n1\n2\n[x]\n'],
  ['sed -i edits in place', "echo hello > /tmp/s; sed -i 's/hello/bye/' /tmp/s; cat /tmp/s", 'bye\n'],
  ['awk fields, separators, patterns, sums and END', SETUP + "awk '{ print $2, $1 }' /tmp/t | head -1; awk -F, '$2 > 1 { print $3 }' /tmp/c.csv; awk '{ s += $2 } END { print s + 0, NR }' /tmp/t; awk -F, -v idx=2 'NR % 3 == idx { print NR\":\"$1 }' /tmp/c.csv", '2 b\nbar\nbaz\n23 4\n2:y\n'],
  ['awk printf, arrays, length, substr, toupper, NF and $NF', SETUP + "awk '{ c[$1]++ } END { for (k in c) n++; print n }' /tmp/t; echo 'one two three' | awk '{ printf \"%s-%d-%s-%s\\n\", toupper(substr($1, 1, 2)), length($2), NF, $NF }'", '3\nON-3-3-three\n'],
  ['awk regex patterns, gsub and if/else', "printf 'GET /a 200\\nGET /b 500\\n' | awk '/500/ { print \"error\", $2; next } { if ($3 == 200) print \"ok\"; else print \"?\" }'; echo aaa | awk '{ gsub(/a/, \"b\"); print }'", 'ok\nerror /b\nbbb\n'],
  ['seq forms', 'seq 3; seq 2 4; seq 1 2 7; seq -s, 1 3; seq -w 8 10', '1\n2\n3\n2\n3\n4\n1\n3\n5\n7\n1,2,3\n08\n09\n10\n'],
  ['expr arithmetic, comparison and length', 'expr 2 + 3 \\* 4; expr 10 / 3; expr 5 \\> 3; expr length hello; expr 1 - 1; echo $?', '14\n3\n1\n5\n0\n1\n'],
  ['basename and dirname', 'basename /a/b/c.txt; basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname file', 'c.txt\nc\n/a/b\n.\n'],
  ['mkdir -p, touch, ls, rm -rf, cp and mv', 'mkdir -p /x/y; touch /x/y/f /x/a; ls /x; cp /x/a /x/b; mv /x/b /x/y/; ls /x/y; rm -rf /x/y; ls /x', 'a\ny\nb\nf\na\n'],
  ['cp -r dir/. copies the contents', 'mkdir -p /src/d /dst; echo 1 > /src/one; echo 2 > /src/d/two; cp -r /src/. /dst/; cat /dst/one /dst/d/two', '1\n2\n'],
  ['rm and mkdir report busybox errors', 'rm /nope; mkdir /etc; rm /etc', '', 1],
  ['find by name and type, and -delete', 'mkdir -p /f/a; touch /f/x.log /f/a/y.log /f/z.txt; find /f -name "*.log" | sort; find /f -type d; find /f -name "*.txt" -delete; ls /f', '/f/a/y.log\n/f/x.log\n/f\n/f/a\na\nx.log\n'],
  ['xargs runs a command with input words', 'printf "a\\nb c\\n" | xargs echo got; echo /etc/hostname | xargs cat', 'got a b c\ndemo\n'],
  ['tar round trip', 'mkdir -p /t/in; echo data > /t/in/f; tar czf /t/a.tgz /t/in; rm -rf /t/in; tar tzf /t/a.tgz; tar xzf /t/a.tgz -C /; cat /t/in/f', 't/in\nt/in/f\ndata\n'],
  ['base64 both ways', 'echo -n hello | base64; echo aGVsbG8= | base64 -d; echo', 'aGVsbG8=\nhello\n'],
  ['md5sum and sha256sum', 'echo -n abc | md5sum; echo -n abc | sha256sum', '900150983cd24fb0d6963f7d28e17f72  -\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n'],
  ['identity commands', 'hostname; hostname -i; whoami; id; uname; uname -m; nproc', 'demo\n10.244.1.5\nroot\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\nLinux\nx86_64\n2\n'],
  ['env and printenv see exported variables', 'export FOO=bar; printenv FOO; env | grep ^FOO=; env BAZ=1 printenv BAZ', 'bar\nFOO=bar\n1\n'],
  ['which finds commands, not unknown ones', 'which sleep; which nope; echo $?', '/bin/sleep\n1\n'],
  ['date formats on the cluster clock', 'date; date "+%Y-%m-%d %H:%M:%S"; date +%s; date +%F; date +%G-%V; date -Iseconds; date -d @0 +%F', 'Sat Nov 28 22:46:52 UTC 2026\n2026-11-28 22:46:52\n1795906012\n2026-11-28\n2026-48\n2026-11-28T22:46:52+00:00\n1970-01-01\n'],
  ['ls -l shows modes, sizes and times', 'mkdir /l; echo 12345 > /l/f; ls -l /l', 'total 4\n-rw-r--r--    1 root     root             6 Nov 28 22:46 f\n'],
  ['ls -t orders by modification time', 'mkdir /m; touch /m/old; sleep 1; touch /m/new; ls -t /m | head -1', 'new\n'],
];

describe('busybox utilities', () => {
  it.each(CASES)('%s', async (_name, script, stdout, code = 0) => {
    const r = await runScript(script);
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(code);
  });

  it('rm and mkdir print busybox messages', async () => {
    const r = await runScript('rm /nope; mkdir /etc; rm /etc');
    expect(r.stderr).toBe("rm: can't remove '/nope': No such file or directory\nmkdir: can't create directory '/etc': File exists\nrm: '/etc' is a directory\n");
  });

  it('grep refuses GNU long options such as --line-buffered, as busybox does', async () => {
    const r = await runScript('echo a | grep --line-buffered a; echo "exit $?"; echo a | grep -v b');
    expect(r.stderr.split('\n')[0]).toBe("grep: unrecognized option '--line-buffered'");
    expect(r.stdout).toBe('exit 2\na\n');
  });

    it('tail -F waits for a file that does not exist yet', async () => {
    const h = new ShellHarness();
    h.spawn('tail -F /tmp/later.log | grep -v healthz');
    await h.run(1000);
    h.spawn('echo "GET /healthz" >> /tmp/later.log; echo "GET /index" >> /tmp/later.log');
    await h.run(1000);
    expect(h.stdout()).toBe('GET /index\n');
    expect(h.stderr()).toBe("tail: can't open '/tmp/later.log': No such file or directory\n");
  });
});
