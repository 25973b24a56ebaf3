/** The busybox applets the shell provides, by name (the integrator adds network and image commands). */
import type { ShellCommand } from '../context';
import { awk } from './awk';
import { dd } from './dd';
import { basename, chmod, cp, dirname, find, ls, mkdir, mv, realpath, rm, touch, xargs } from './files';
import { tar } from './tar';
import { sed } from './sed';
import { clear, date, env, expr, hostname, id, killCommand, nohup, nproc, printenv, ps, sleep, uname, which, whoami } from './system';
import { base64, cat, cut, echo, grep, head, md5sum, printf, rev, seq, sha1sum, sha256sum, sort, tail, tee, tr, uniq, wc, yes } from './text';

const ok: ShellCommand = async () => 0;
const fail: ShellCommand = async () => 1;

export const UTILITIES: Record<string, ShellCommand> = {
  awk, base64, basename, cat, chmod, chown: ok, clear, cp, cut, date, dd, dirname, echo, egrep: (ctx) => grep({ ...ctx, argv: ['grep', '-E', ...ctx.argv.slice(1)] }),
  env, expr, false: fail, find, grep, head, hostname, id, kill: killCommand, ls, md5sum, mkdir, mv, nohup, nproc, printenv, printf, ps,
  readlink: realpath, realpath, rev, rm, sed, seq, sha1sum, sha256sum, sleep, sort, sync: ok, tail, tar, tee, touch, tr, true: ok, uname, uniq, wc,
  which, whoami, xargs, yes,
};
