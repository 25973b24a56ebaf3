'use client';

/**
 * The lab terminal: xterm.js (fit addon) in front of the line editor of lib/terminal (keys →
 * buffer, cursor, effects; drawing that wraps long lines) and /api/lab/terminal, which runs one
 * command line at a time for the learner and streams its output back as NDJSON. A pasted block
 * runs line by line; Tab asks /api/lab/terminal/complete; what was shown is kept in
 * sessionStorage so a tab switch or a reload shows it again; selecting text copies it.
 */
import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { reportSessionLost } from '@/components/layout/session-lost';
import { emptyEditor, feed, lineView, type EditorEffect, type EditorState } from '@/lib/terminal/line-editor';
import { drawFresh, leaveLine, redraw, type Drawn } from '@/lib/terminal/render';
import { applyCompletion, formatCandidates } from '@/lib/terminal/completion';
import { appendTranscript, readTranscript } from '@/lib/terminal/transcript';
import { useEditorBuffer } from './editor-buffer';

const PS1 = { prompt: '\x1b[1;34m$\x1b[0m ', width: 2 };
const PS2 = { prompt: '> ', width: 2 };
const HISTORY_KEY = 'kubelab-terminal-history';
const TRANSCRIPT_KEY = 'kubelab-terminal-transcript';
/** Keys typed while a command runs wait for the prompt (bounded, as a tty's input queue is). */
const TYPEAHEAD_LIMIT = 4096;

const LIGHT = { background: '#ffffff', foreground: '#1b1f24', cursor: '#2356c7', selectionBackground: '#c8d7f7' };
const DARK = { background: '#0f1216', foreground: '#e6e9ee', cursor: '#7aa7ff', selectionBackground: '#2a3b5f' };

interface ServerLine {
  out?: string;
  exit?: number | null;
  error?: string;
  stopped?: string;
  /** The shell waits for the rest of a compound command (PS2). */
  more?: boolean;
}

function loadHistory(): string[] {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export default function Terminal({ className = 'h-72' }: { className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const xterm = useRef<XTerm | undefined>(undefined);
  // The bench's editor text, sent with each command for `-f editor` (one buffer a bench: it never changes).
  const editorBuffer = useEditorBuffer();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const dark = document.documentElement.classList.contains('dark');
    const term = new XTerm({ convertEol: true, fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', theme: dark ? DARK : LIGHT, cursorBlink: true, scrollback: 5000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    // Hidden (another tab is showing) the host has no size; fitting then would give NaN rows.
    const refit = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(el);
    (window as unknown as { __kubelabTerminal?: XTerm }).__kubelabTerminal = term;
    xterm.current = term;

    let editor: EditorState = emptyEditor(loadHistory());
    let drawn: Drawn | undefined;
    let ps = PS1;
    let running: AbortController | undefined;
    const queue: { line: string; shown: boolean }[] = [];
    let typeahead = '';
    let transcript = readTranscript(sessionStorage.getItem(TRANSCRIPT_KEY));
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const save = () => {
      saveTimer = undefined;
      try {
        sessionStorage.setItem(TRANSCRIPT_KEY, transcript);
      } catch {
        // storage full or disabled: the terminal still works, it just forgets on reload
      }
    };
    /** Settled output: shown and kept. */
    const out = (s: string) => {
      term.write(s);
      transcript = appendTranscript(transcript, s);
      saveTimer ??= setTimeout(save, 300);
    };
    const view = () => lineView(editor, ps.prompt, ps.width);
    const refresh = () => {
      if (running) return;
      if (!drawn) {
        const f = drawFresh(view(), term.cols);
        term.write(f.out);
        drawn = f.drawn;
        return;
      }
      const r = redraw(drawn, view(), term.cols);
      term.write(r.out);
      drawn = r.drawn;
    };
    /** Leaves the prompt line showing `text` (the line as submitted) and keeps it in the transcript. */
    const settleLine = (text: string, suffix = '') => {
      if (drawn) {
        const v = { prompt: ps.prompt, promptWidth: ps.width, text, cursor: text.length };
        const r = redraw(drawn, v, term.cols);
        term.write(r.out + suffix + leaveLine({ ...r.drawn, view: { ...r.drawn.view, text: text + suffix } }));
      } else term.write(`${ps.prompt}${text}${suffix}\r\n`);
      drawn = undefined;
      transcript = appendTranscript(transcript, `${ps.prompt}${text}${suffix}\r\n`);
      saveTimer ??= setTimeout(save, 300);
    };
    const saveHistory = () => {
      try {
        localStorage.setItem(HISTORY_KEY, JSON.stringify(editor.history));
      } catch {
        // ignore: history is a convenience
      }
    };

    const run = async (line: string) => {
      const ctrl = new AbortController();
      running = ctrl;
      try {
        const res = await fetch('/api/lab/terminal', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ command: line, editor: editorBuffer.get() }),
          signal: ctrl.signal,
        });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => ({}))) as { message?: string };
          reportSessionLost(res.status, body.message);
          out(`\x1b[31m${body.message ?? `request failed (${res.status})`}\x1b[0m\r\n`);
          return;
        }
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let pending = '';
        let endsWithNewline = true;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += decoder.decode(value, { stream: true });
          let nl = pending.indexOf('\n');
          while (nl >= 0) {
            const msg = JSON.parse(pending.slice(0, nl)) as ServerLine;
            pending = pending.slice(nl + 1);
            if (msg.out) {
              out(msg.out);
              endsWithNewline = msg.out.endsWith('\n');
            }
            if (msg.error) {
              out(`${endsWithNewline ? '' : '\r\n'}\x1b[31m${msg.error}\x1b[0m\r\n`);
              endsWithNewline = true;
            }
            ps = msg.more ? PS2 : PS1;
            nl = pending.indexOf('\n');
          }
        }
        // Output without a final newline (printf x) would otherwise share its row with the prompt.
        if (!endsWithNewline) out('\r\n');
      } catch (e) {
        if ((e as Error).name === 'AbortError') out('^C\r\n');
        else out(`\x1b[31m${(e as Error).message}\x1b[0m\r\n`);
        ps = PS1;
      } finally {
        running = undefined;
        // A full-screen command (watch) stopped by Ctrl+C cannot send its own way back from the
        // alternate screen (the request is gone): leave it here, so the lines from before return.
        if (term.buffer.active.type === 'alternate') out('\x1b[?1049l');
      }
    };

    const next = async () => {
      while (!disposed && queue.length) {
        const item = queue.shift()!;
        if (!item.shown) settleLine(item.line);
        if (!item.line.trim() && ps === PS1) continue;
        await run(item.line);
      }
      if (disposed) return;
      refresh();
      if (typeahead) {
        const t = typeahead;
        typeahead = '';
        input(t);
      }
    };

    const complete = async () => {
      const { buffer, cursor } = editor;
      const res = await fetch(`/api/lab/terminal/complete?line=${encodeURIComponent(buffer)}&cursor=${cursor}`).catch(() => undefined);
      if (!res?.ok) return;
      const body = (await res.json().catch(() => undefined)) as { start?: number; candidates?: string[] } | undefined;
      // The learner kept typing meanwhile: this answer is for another line.
      if (!body || typeof body.start !== 'number' || !Array.isArray(body.candidates) || editor.buffer !== buffer || editor.cursor !== cursor || running) return;
      const r = applyCompletion(buffer, cursor, body.start, body.candidates);
      if (r.list.length > 0 && drawn) {
        term.write(leaveLine(drawn) + formatCandidates(r.list, term.cols) + '\r\n');
        drawn = undefined;
      }
      editor = { ...editor, buffer: r.buffer, cursor: r.cursor };
      refresh();
    };

    const effect = (e: EditorEffect) => {
      switch (e.type) {
        case 'submit':
          // The first line is the one on the prompt now; the others of a paste show as they run.
          e.lines.forEach((line, i) => queue.push({ line, shown: i === 0 }));
          settleLine(e.lines[0]);
          saveHistory();
          return;
        case 'interrupt':
          settleLine(e.line, '^C');
          ps = PS1;
          return;
        case 'clear-screen':
          term.clear();
          term.write('\x1b[H\x1b[2J');
          drawn = undefined;
          return;
        case 'complete':
          void complete();
          return;
        case 'paste-truncated':
          if (drawn) term.write(leaveLine(drawn));
          drawn = undefined;
          out(`\x1b[33m[the paste was cut at ${e.bytes / 1024} KiB]\x1b[0m\r\n`);
      }
    };

    const input = (data: string) => {
      const r = feed(editor, data);
      editor = r.state;
      const wasIdle = queue.length === 0;
      for (const e of r.effects) effect(e);
      if (queue.length > 0 && wasIdle) void next();
      else refresh();
    };

    if (transcript) term.write(transcript);
    else {
      out('A shell on your workstation: \x1b[1mkubectl get pods | grep web\x1b[0m, \x1b[1mTab\x1b[0m completes, \x1b[1m↑\x1b[0m and \x1b[1mCtrl+R\x1b[0m search history.\r\n');
      out("-f editor applies the editor's tab; Ctrl+C stops -w and logs -f.\r\n");
    }
    // Bracketed paste: xterm then marks a paste, so the editor can run it line by line.
    term.write('\x1b[?2004h');
    refresh();

    const dataSub = term.onData((data) => {
      if (running || queue.length > 0) {
        if (data.includes('\x03')) {
          queue.length = 0;
          typeahead = '';
          running?.abort();
        } else typeahead = (typeahead + data).slice(0, TYPEAHEAD_LIMIT);
        return;
      }
      input(data);
    });
    // Copy on select, as in most terminals (the clipboard may be refused: then nothing happens).
    const selSub = term.onSelectionChange(() => {
      const text = term.getSelection();
      if (text) navigator.clipboard?.writeText(text).catch(() => undefined);
    });

    // A reload or a navigation within the save delay must not lose the last output: unmount
    // does not run when the page goes away, so flush on pagehide too.
    const flush = () => {
      if (saveTimer) clearTimeout(saveTimer);
      save();
    };
    window.addEventListener('pagehide', flush);

    return () => {
      disposed = true;
      window.removeEventListener('pagehide', flush);
      dataSub.dispose();
      selSub.dispose();
      resize.disconnect();
      running?.abort();
      if (saveTimer) clearTimeout(saveTimer);
      save();
      term.dispose();
    };
  }, [editorBuffer]);

  return (
    <div className={`${className} flex flex-col gap-1`}>
      <div ref={host} className="min-h-0 flex-1 overflow-hidden rounded-md border border-[var(--border)] p-1" aria-label="Workstation terminal" data-testid="terminal" />
      <TouchKeys onKey={(data) => xterm.current?.input(data, true)} />
    </div>
  );
}

/** Keys a phone's keyboard does not have, sent as if typed. */
const TOUCH_KEYS: { label: string; name: string; data: string }[] = [
  { label: 'Ctrl+C', name: 'Ctrl+C: stop the command', data: '\x03' },
  { label: 'Tab', name: 'Tab: complete', data: '\t' },
  { label: '↑', name: 'Previous command', data: '\x1b[A' },
  { label: '↓', name: 'Next command', data: '\x1b[B' },
  { label: 'Ctrl+R', name: 'Ctrl+R: search history', data: '\x12' },
];

/**
 * A row of keys under the terminal below the lesson (phones, tablets): without them `get -w`
 * could not be stopped and nothing completed. Pressing one keeps the focus (and the phone's
 * keyboard) in the terminal.
 */
function TouchKeys({ onKey }: { onKey(data: string): void }) {
  return (
    <div role="toolbar" aria-label="Terminal keys" className="flex gap-1 xl:hidden">
      {TOUCH_KEYS.map((k) => (
        <button
          key={k.label}
          type="button"
          aria-label={k.name}
          onPointerDown={(e) => e.preventDefault()}
          onClick={() => onKey(k.data)}
          className="min-w-10 rounded-md border border-[var(--border)] bg-[var(--bg)] px-2 py-1 font-mono text-xs text-[var(--fg)]"
        >
          {k.label}
        </button>
      ))}
    </div>
  );
}
