/**
 * printf(1) formatting: %s %b %c %d %i %u %x %X %o %e %f %g %%, flags, width and precision
 * (also `*`); the format is reused while arguments remain (POSIX printf).
 */
import { unescape } from './helpers';

/**
 * Most characters one printf may produce (16 MiB, twice a container's log budget). `%999999999d`
 * would otherwise build a gigabyte string in the portal's thread; bash fails it with
 * `xmalloc: cannot allocate`, busybox with `out of memory`, and so does this.
 */
export const MAX_PRINTF_CHARS = 16 * 1024 * 1024;

export class PrintfTooLargeError extends RangeError {
  constructor(readonly format: string) {
    super(`out of memory (printf '${format.length > 40 ? `${format.slice(0, 40)}...` : format}' would print more than ${MAX_PRINTF_CHARS} characters)`);
    this.name = 'PrintfTooLargeError';
  }
}

function toNumber(arg: string | undefined, errors: string[]): number {
  if (arg === undefined || arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.charCodeAt(1) || 0;
  const n = Number(arg.trim());
  if (Number.isNaN(n)) {
    errors.push(`invalid number '${arg}'`);
    return Number.parseFloat(arg) || 0;
  }
  return n;
}

function pad(s: string, width: number, flags: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

export function formatPrintf(format: string, args: string[]): { text: string; errors: string[] } {
  const errors: string[] = [];
  let out = '';
  let ai = 0;
  const next = () => args[ai++];
  for (;;) {
    let consumed = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '\\') {
        const m = /^\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(format.slice(i));
        const seq = m ? m[0] : '\\';
        const u = unescape(seq);
        if (u.stop) return { text: out, errors };
        out += u.text;
        i += seq.length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        if (out.length > MAX_PRINTF_CHARS) throw new PrintfTooLargeError(format);
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sbcdiuxXoeEfgG%])/.exec(format.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const [, flags, w, p, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      consumed = true;
      const width = w === '*' ? toNumber(next(), errors) : w ? Number(w) : 0;
      const precision = p === '*' ? toNumber(next(), errors) : p !== undefined ? Number(p) : undefined;
      if (out.length + Math.max(width, precision ?? 0) > MAX_PRINTF_CHARS) throw new PrintfTooLargeError(format);
      const arg = next();
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (precision !== undefined) s = s.slice(0, precision);
          break;
        case 'b': {
          const u = unescape(arg ?? '');
          s = u.text;
          break;
        }
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(toNumber(arg, errors));
          s = `${n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''}${String(Math.abs(n)).padStart(precision ?? 0, '0')}`;
          break;
        }
        case 'x':
        case 'X':
        case 'o': {
          const n = Math.trunc(toNumber(arg, errors));
          s = Math.abs(n).toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') s = s.toUpperCase();
          if (flags.includes('#') && n !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
          break;
        }
        case 'e':
        case 'E':
          s = toNumber(arg, errors).toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'g':
        case 'G':
          s = String(Number(toNumber(arg, errors).toPrecision(precision || 6)));
          break;
        default: {
          const n = toNumber(arg, errors);
          s = `${n >= 0 && flags.includes('+') ? '+' : ''}${n.toFixed(precision ?? 6)}`;
        }
      }
      out += pad(s, width, flags);
      if (out.length > MAX_PRINTF_CHARS) throw new PrintfTooLargeError(format);
    }
    if (!consumed || ai >= args.length) break;
  }
  return { text: out, errors };
}
