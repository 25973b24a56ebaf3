import { describe, expect, it } from 'vitest';
import { runScript, ShellHarness } from './test-driver';

/** The single-line `sh -c` commands of the Module 5 syllabus, verbatim. */
const SYLLABUS_ONE_LINERS = [
  "echo 'Processing data...' && sleep 10 && echo 'Done!'",
  "echo 'Worker starting...' && sleep $((RANDOM % 10 + 5)) && echo 'Work completed'",
  "date && echo 'Hello from CronJob!'",
  'until nc -z db 5432; do sleep 1; done',
];

describe('syllabus shell lines', () => {
  it.each(SYLLABUS_ONE_LINERS)('%s runs without a shell error', async (script) => {
    const h = new ShellHarness();
    const p = h.spawn(script);
    await h.run(120_000);
    expect(h.stderr().replace(/sh: nc: not found\n/g, '')).toBe('');
    if (!script.startsWith('until')) expect(h.exits.get(p)?.code).toBe(0);
  });

  it('the CronJob one-liner prints the cluster date in busybox format', async () => {
    const r = await runScript("date && echo 'Hello from CronJob!'");
    expect(r.stdout).toBe('Sat Nov 28 22:46:52 UTC 2026\nHello from CronJob!\n');
  });

  // The syllabus writes multi-line scripts as "..." YAML flow scalars; YAML folds their
  // line breaks into spaces, so the container gets one line with `do ... done` run together
  // and busybox rejects it. The shell reports exactly that, so a lesson can show why `|`
  // block scalars are used in the resource library.
  it('a multi-line script folded into one line by YAML fails as busybox does', async () => {
    const folded = " for i in $(seq 1 5); do echo 'Processing item $i' sleep 2 done echo 'Queue empty, exiting' ";
    const r = await runScript(folded);
    expect(r.stderr).toBe('sh: -c: line 1: syntax error: unexpected end of file (expecting "done")\n');
    expect(r.code).toBe(2);
  });
});
