/**
 * A small awk: BEGIN/END, pattern { action } rules, fields ($N, NF, NR, FS, OFS), variables
 * and associative arrays, print/printf, if/while/for/for-in, next/exit, the usual operators
 * and length/substr/index/split/sub/gsub/toupper/tolower/int/sprintf. -F and -v.
 *
 * This file is the command: options, records, files and output batches. The program is
 * tokenized (awk-tokenizer.ts), compiled to closures (awk-parser.ts) and run over the values,
 * bounds and builtins of awk-interpreter.ts.
 */
import type { ShellCommand } from '../context';
import { complain, resolvePath, unescape } from './helpers';
import { RegexSyntaxError } from './regex';
import { BATCH_CHARS, forEachStreamLine, forEachTextLine, UNITS_PER_STEP, WorkMeter } from './work';
import { AwkError, AwkOutOfMemoryError } from './awk-errors';
import { ExitProgram, MAX_AWK_CHARS, MAX_AWK_FIELD, NextRecord, OPS_PER_STEP, splitFields, toNum, toStr, truthy, type Runtime, type Stmt, type Value } from './awk-interpreter';
import { compileAwk, type AwkProgram } from './awk-parser';

export const awk: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  let fs = ' ';
  const assigns: [string, string][] = [];
  let i = 0;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    const a = args[i];
    if (a === '-F') fs = args[++i];
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (a === '-v') {
      const kv = args[++i] ?? '';
      assigns.push([kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);
    } else if (a === '--') {
      i++;
      break;
    }
  }
  const source = args[i++];
  if (source === undefined) {
    await complain(ctx, 'usage: awk [-F SEP] [-v VAR=VAL] PROGRAM [FILE]...');
    return 1;
  }
  let program: AwkProgram;
  try {
    program = compileAwk(source);
  } catch (e) {
    await complain(ctx, `cmd. line:1: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const files = args.slice(i);
  let output = '';
  const pendingFiles = new Map<string, { parts: string[]; append: boolean }>();
  const openedFiles = new Set<string>();
  let pendingFileChars = 0;
  const writeFiles = () => {
    for (const [p, f] of pendingFiles) {
      ctx.fs.writeFile(p, f.parts.join(''), { append: f.append });
      openedFiles.add(p);
    }
    pendingFiles.clear();
    pendingFileChars = 0;
  };
  const rt: Runtime & { write(path: string, text: string, append: boolean): void } = {
    vars: new Map<string, Value>([
      ['FS', fs === 't' ? '\t' : unescape(fs).text],
      ['OFS', ' '],
      ['ORS', '\n'],
      ['NR', 0],
      ['FNR', 0],
      ['SUBSEP', '\x1c'],
      ['FILENAME', ''],
    ]),
    arrays: new Map(),
    ops: 0,
    elements: 0,
    fields: [],
    record: '',
    out: (s) => {
      output += s;
      if (output.length > MAX_AWK_CHARS) throw new AwkOutOfMemoryError(`more than ${MAX_AWK_CHARS} characters printed without reading a record`);
    },
    setRecord(r) {
      this.record = r;
      this.fields = splitFields(r, toStr(this.vars.get('FS') ?? ' '));
    },
    setField(n, v) {
      if (n === 0) return this.setRecord(v);
      if (n > MAX_AWK_FIELD) throw new AwkOutOfMemoryError(`field $${n}: the limit is $${MAX_AWK_FIELD}`);
      if (n > 0) {
        while (this.fields.length < n) this.fields.push('');
        this.fields[n - 1] = v;
      }
      this.record = this.fields.join(toStr(this.vars.get('OFS') ?? ' '));
    },
    // `print > file` is gathered per file and written with the standard output's batches: a
    // file append per record made a chain of 25 million string pieces for a 50 MB input.
    write(path, text, append) {
      const p = resolvePath(ctx, path);
      let f = pendingFiles.get(p);
      if (!f) pendingFiles.set(p, (f = { parts: [], append: append || openedFiles.has(p) }));
      f.parts.push(text);
      pendingFileChars += text.length;
      if (pendingFileChars > MAX_AWK_CHARS) writeFiles();
    },
  };
  for (const [k, v] of assigns) rt.vars.set(k, unescape(v).text);
  const flush = async () => {
    writeFiles();
    if (output) {
      const o = output;
      output = '';
      await ctx.stdout.write(o);
    }
  };
  let exitCode: number | undefined;
  const meter = new WorkMeter(ctx);
  /** Charges the iterations of the slice that just ran (and waits if the budget says so). */
  const charge = (): Promise<void> | undefined => {
    const ops = rt.ops;
    rt.ops = 0;
    return ops ? meter.charge((ops * UNITS_PER_STEP) / OPS_PER_STEP) : undefined;
  };
  const runStmts = async (stmts: Stmt[]) => {
    await charge();
    try {
      for (const s of stmts) s(rt);
    } finally {
      await charge();
    }
  };
  const onRecord = (line: string) => {
    rt.vars.set('NR', toNum(rt.vars.get('NR')!) + 1);
    rt.vars.set('FNR', toNum(rt.vars.get('FNR')!) + 1);
    rt.setRecord(line);
    try {
      for (const rule of program.rules) {
        if (rule.pattern && !truthy(rule.pattern(rt))) continue;
        if (rule.action) rule.action(rt);
        else rt.out(`${rt.record}${toStr(rt.vars.get('ORS') ?? '\n')}`);
      }
    } catch (e) {
      if (!(e instanceof NextRecord)) throw e;
    }
  };
  try {
    try {
      await runStmts(program.begin);
      await flush();
      if (program.rules.length || program.end.length) {
        if (!files.length) {
          await forEachStreamLine(
            ctx.stdin,
            meter,
            async (l) => {
              onRecord(l);
              await charge();
              if (output.length >= BATCH_CHARS || pendingFileChars >= BATCH_CHARS) await flush();
            },
            flush,
          );
        }
        for (const f of files) {
          const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(f);
          if (eq) {
            rt.vars.set(eq[1], eq[2]);
            continue;
          }
          const path = resolvePath(ctx, f);
          if (f !== '-' && !ctx.fs.exists(path)) {
            await complain(ctx, `cannot open "${f}" (No such file or directory)`);
            exitCode = 2;
            continue;
          }
          rt.vars.set('FILENAME', f);
          rt.vars.set('FNR', 0);
          const each = (l: string) => {
            onRecord(l);
            const charged = charge();
            // Output is written when it passes a batch, so a big file's output never piles up.
            if (output.length >= BATCH_CHARS || pendingFileChars >= BATCH_CHARS) return charged ? charged.then(flush) : flush();
            return charged;
          };
          if (f === '-') await forEachStreamLine(ctx.stdin, meter, each, flush);
          else await forEachTextLine(ctx.fs.readFile(path), meter, each);
          await flush();
        }
      }
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e;
      exitCode = e.code;
    }
    try {
      await runStmts(program.end);
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e;
      exitCode = e.code;
    }
  } catch (e) {
    await flush();
    if (e instanceof AwkError || e instanceof RegexSyntaxError) {
      await complain(ctx, e.message);
      return 2;
    }
    throw e;
  }
  await flush();
  return exitCode ?? 0;
};
