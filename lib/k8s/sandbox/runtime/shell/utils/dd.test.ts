import { describe, expect, it } from 'vitest';
import { runScript } from '../test-driver';

describe('dd', () => {
  it('copies count blocks of bs bytes from /dev/zero and reports records as busybox does', async () => {
    const r = await runScript('dd if=/dev/zero of=/tmp/z bs=1k count=3; wc -c < /tmp/z');
    expect(r.stdout).toBe('3072\n');
    expect(r.stderr).toBe('3+0 records in\n3+0 records out\n3072 bytes (3.0KB) copied\n');
    expect(r.code).toBe(0);
  });

  it('copies a file with a partial last block, and reads stdin by default', async () => {
    const r = await runScript('printf 0123456789 > /tmp/a; dd if=/tmp/a of=/tmp/b bs=4 2>/dev/null; cat /tmp/b; echo; echo hello | dd bs=2 2>/dev/null');
    expect(r.stdout).toBe('0123456789\nhello\n');
  });

  it('refuses a block over 1M and an operand without =', async () => {
    const r = await runScript('dd if=/dev/zero of=/tmp/x bs=2M count=1; echo $?; dd /dev/zero; echo $?');
    expect(r.stdout).toBe('1\n1\n');
    expect(r.stderr).toContain("bs=2M is more than this sandbox's block limit (1M): use bs=1M with a larger count");
    expect(r.stderr).toContain("dd: invalid argument '/dev/zero'");
  });
});
