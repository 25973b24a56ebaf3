import { describe, expect, it } from 'vitest';
import { MemoryVfs } from '../vfs/memory-vfs';
import { LayeredVfs } from '../vfs/layered-vfs';
import { ShellHarness } from './test-driver';

describe('streaming on the cluster clock', () => {
  it("prints 'Done!' exactly 10 virtual seconds after 'Processing data...'", async () => {
    const h = new ShellHarness();
    const p = h.spawn("echo 'Processing data...' && sleep 10 && echo 'Done!'");
    await h.run(9_999);
    expect(h.timeline()).toEqual([{ at: 0, line: 'Processing data...' }]);
    await h.run(1);
    expect(h.timeline()).toEqual([
      { at: 0, line: 'Processing data...' },
      { at: 10, line: 'Done!' },
    ]);
    expect((await h.exit(p))?.code).toBe(0);
  });

  it('runs the queue-worker loop one item every 2 virtual seconds', async () => {
    const h = new ShellHarness();
    const p = h.spawn('for i in $(seq 1 5); do echo "Processing item $i"; sleep 2; done; echo "Queue empty, exiting"');
    expect((await h.exit(p))?.code).toBe(0);
    expect(h.timeline()).toEqual([
      { at: 0, line: 'Processing item 1' },
      { at: 2, line: 'Processing item 2' },
      { at: 4, line: 'Processing item 3' },
      { at: 6, line: 'Processing item 4' },
      { at: 8, line: 'Processing item 5' },
      { at: 10, line: 'Queue empty, exiting' },
    ]);
  });

  it('sleeps $((RANDOM % 10 + 5)) seconds: between 5 and 14', async () => {
    const h = new ShellHarness();
    const p = h.spawn("echo 'Worker starting...' && sleep $((RANDOM % 10 + 5)) && echo 'Work completed'");
    await h.exit(p);
    const done = h.timeline()[1];
    expect(done.line).toBe('Work completed');
    expect(done.at).toBeGreaterThanOrEqual(5);
    expect(done.at).toBeLessThanOrEqual(14);
    expect(Number.isInteger(done.at)).toBe(true);
  });

  it('sleep accepts fractions and suffixes', async () => {
    const h = new ShellHarness();
    const p = h.spawn('sleep 0.5; echo half; sleep 1m; echo minute');
    await h.exit(p);
    expect(h.timeline()).toEqual([
      { at: 0.5, line: 'half' },
      { at: 60.5, line: 'minute' },
    ]);
  });

  it('streams the adapter pipeline: each appended log line comes out when it is written', async () => {
    // Two containers share an emptyDir at /var/log, as in container-patterns/adapter-pattern.yaml.
    const emptyDir = new MemoryVfs();
    const h = new ShellHarness();
    const app = new LayeredVfs(new MemoryVfs());
    app.mount('/var/log', emptyDir);
    const adapter = new LayeredVfs(new MemoryVfs());
    adapter.mount('/var/log', emptyDir);
    h.spawn('while true; do echo "$(date +%s) LEGACY_LOG level=INFO" >> /var/log/app.log; sleep 5; done', { fs: app });
    const a = h.spawn('touch /var/log/app.log\ntail -f /var/log/app.log | while read line; do\n  echo "{\\"log\\":\\"$line\\"}"\ndone', { fs: adapter });
    await h.run(11_000);
    const start = h.start / 1000;
    expect(h.timeline()).toEqual([
      { at: 0, line: `{"log":"${start} LEGACY_LOG level=INFO"}` },
      { at: 5, line: `{"log":"${start + 5} LEGACY_LOG level=INFO"}` },
      { at: 10, line: `{"log":"${start + 10} LEGACY_LOG level=INFO"}` },
    ]);
    a.kill('SIGTERM');
    expect((await h.exit(a, 1000))?.code).toBe(143);
  });

  it('tail -f waits forever until killed, then exits 143 on SIGTERM', async () => {
    const h = new ShellHarness();
    const p = h.spawn('touch /tmp/out.log; tail -f /tmp/out.log');
    await h.run(3_600_000);
    expect(h.exits.has(p)).toBe(false);
    p.kill('SIGTERM');
    expect(await h.exit(p, 0)).toEqual({ code: 143, signal: 'SIGTERM' });
  });

  it('SIGTERM interrupts sleep and runs the TERM trap, which can exit cleanly', async () => {
    const h = new ShellHarness();
    const p = h.spawn("trap 'echo caught TERM; exit 0' TERM; echo started; sleep 3600; echo not reached");
    await h.run(5_000);
    p.kill('SIGTERM');
    expect(await h.exit(p, 1000)).toEqual({ code: 0 });
    expect(h.stdout()).toBe('started\ncaught TERM\n');
    expect(h.timeline()[1].at).toBe(5);
  });

  it('a trap that does not exit lets the script continue after the interrupted command', async () => {
    const h = new ShellHarness();
    const p = h.spawn("trap 'echo cleanup' TERM; sleep 100; echo after $?; sleep 1; echo end");
    await h.run(10_000);
    p.kill('SIGTERM');
    await h.exit(p);
    expect(h.stdout()).toBe('cleanup\nafter 143\nend\n');
  });

  it('SIGKILL ends at once with 137, and background jobs die with the main process', async () => {
    const h = new ShellHarness();
    const p = h.spawn("(while true; do echo tick; sleep 1; done) & trap '' TERM; sleep 3600");
    await h.run(2_500);
    p.kill('SIGTERM');
    await h.run(1_000);
    expect(h.exits.has(p)).toBe(false);
    p.kill('SIGKILL');
    expect(await h.exit(p, 0)).toEqual({ code: 137, signal: 'SIGKILL' });
    const ticks = h.stdout();
    await h.run(10_000);
    expect(h.stdout()).toBe(ticks);
    expect(h.processes.list()).toEqual([]);
  });

  it('an init process ignores an untrapped SIGTERM, as Linux does for PID 1', async () => {
    const h = new ShellHarness();
    const p = h.spawn('sleep 3600', { initProcess: true });
    p.kill('SIGTERM');
    await h.run(30_000);
    expect(h.exits.has(p)).toBe(false);
    p.kill('SIGKILL');
    expect((await h.exit(p, 0))?.code).toBe(137);
  });

  it('background jobs run concurrently; wait collects them and $! names the last', async () => {
    const h = new ShellHarness();
    const p = h.spawn('sleep 3 & a=$!; (sleep 1; echo quick) & echo started; wait $a; echo "a done $?"; wait; echo all');
    await h.exit(p);
    expect(h.timeline()).toEqual([
      { at: 0, line: 'started' },
      { at: 1, line: 'quick' },
      { at: 3, line: 'a done 0' },
      { at: 3, line: 'all' },
    ]);
  });

  it('kill signals a background job by pid; ps lists the container processes', async () => {
    const h = new ShellHarness();
    const p = h.spawn('sleep 100 & pid=$!; ps; kill $pid; wait $pid; echo "status $?"');
    await h.exit(p);
    expect(h.stdout()).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c sleep 100 & pid=$!; ps; kill $pid; wait $pid; echo "status $?"\n    2 root      0:00 sh\n    3 root      0:00 sleep 100\n    4 root      0:00 ps\nstatus 143\n',
    );
  });

  it('yes | head -3 ends yes with a broken pipe', async () => {
    const h = new ShellHarness();
    const p = h.spawn('yes | head -3; echo "after ${?}"');
    await h.exit(p);
    expect(h.stdout()).toBe('y\ny\ny\nafter 0\n');
  });

  it('kubectl exec runs in the running container filesystem with stdin', async () => {
    const h = new ShellHarness();
    h.spawn('mkdir -p /data; echo seeded > /data/a; sleep 3600');
    await h.run(1000);
    const exec = h.spawn(['sh', '-c', 'cat /data/a; cat > /data/b; wc -c < /data/b'], { stdin: true });
    exec.stdin.write('typed');
    exec.stdin.close();
    expect((await h.exit(exec))?.code).toBe(0);
    expect(h.stdout()).toBe('seeded\n5\n');
  });

  it('an interactive tty shell prompts, echoes keys and runs each line', async () => {
    const h = new ShellHarness();
    const sh = h.spawn(['sh'], { stdin: true, tty: true });
    await h.settle();
    sh.stdin.write('cd /tmp\r');
    await h.settle();
    sh.stdin.write('echo hi\x7f\x7fok\r');
    await h.settle();
    sh.stdin.write('exit 4\r');
    expect((await h.exit(sh))?.code).toBe(4);
    expect(h.chunks.map((c) => c.text).join('')).toBe('/ # cd /tmp\r\n/tmp # echo hi\b \b\b \bok\r\nok\r\n/tmp # exit 4\r\n');
  });

  it('Ctrl-C on a tty interrupts the running command and the shell prompts again', async () => {
    const h = new ShellHarness();
    const sh = h.spawn(['sh'], { stdin: true, tty: true });
    await h.settle();
    sh.stdin.write('sleep 100\r');
    await h.run(5_000);
    sh.stdin.write('\x03');
    await h.settle();
    sh.stdin.write('echo $?\r');
    await h.settle();
    expect(h.chunks.map((c) => c.text).join('')).toBe('/ # sleep 100\r\n^C\r\n/ # echo $?\r\n130\r\n/ # ');
    expect(h.exits.has(sh)).toBe(false);
  });

  it('an sh without stdin exits at once (a container whose command is just sh)', async () => {
    const h = new ShellHarness();
    const p = h.spawn(['sh']);
    expect(await h.exit(p, 0)).toEqual({ code: 0 });
  });
});

describe('long-running readers', () => {
  it('a while-read loop over 2,000 lines leaves no abort listeners behind', async () => {
    const h = new ShellHarness();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const p = h.spawn('seq 1 2000 | while read n; do :; done; echo done');
    await h.exit(p);
    process.off('warning', onWarning);
    expect(h.stdout()).toBe('done\n');
    expect(warnings).toEqual([]);
  });
});
