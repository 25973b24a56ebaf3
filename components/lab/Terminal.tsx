'use client';

/**
 * The lab terminal: xterm.js with a small line editor; each line is sent to
 * /api/lab/terminal, which runs the real kubectl (allowlisted) against the learner's
 * cluster and streams output back. Ctrl+C stops a running command (-w, logs -f).
 */
import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { reportSessionLost } from '@/components/layout/session-lost';
import { emptyLine, keyInput, renderLine, type LineState } from './line-editor';
import { editorBuffer } from './editor-buffer';

const PROMPT = '\x1b[1;34m$\x1b[0m ';
const PROMPT_TEXT = '$ ';
const HISTORY_KEY = 'kubelab-terminal-history';

const LIGHT = { background: '#ffffff', foreground: '#1b1f24', cursor: '#2356c7', selectionBackground: '#c8d7f7' };
const DARK = { background: '#0f1216', foreground: '#e6e9ee', cursor: '#7aa7ff', selectionBackground: '#2a3b5f' };

export default function Terminal() {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const dark = document.documentElement.classList.contains('dark');
    const term = new XTerm({ convertEol: true, fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', theme: dark ? DARK : LIGHT, cursorBlink: true, scrollback: 2000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(el);

    let history: string[] = [];
    try {
      history = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as string[];
    } catch {
      history = [];
    }
    let line: LineState = emptyLine(history);
    let running: AbortController | undefined;

    term.writeln('Type kubectl commands for your cluster, e.g. \x1b[1mkubectl get pods -o wide\x1b[0m');
    term.writeln('-f editor applies the editor\'s tab; Ctrl+C stops -w and logs -f.');
    term.write(PROMPT);

    const run = async (command: string) => {
      running = new AbortController();
      try {
        const res = await fetch('/api/lab/terminal', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ command, editor: editorBuffer.get() }),
          signal: running.signal,
        });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => ({}))) as { message?: string };
          reportSessionLost(res.status, body.message);
          term.writeln(`\x1b[31m${body.message ?? `request failed (${res.status})`}\x1b[0m`);
          return;
        }
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let pending = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += decoder.decode(value, { stream: true });
          let nl = pending.indexOf('\n');
          while (nl >= 0) {
            const msg = JSON.parse(pending.slice(0, nl)) as { out?: string; exit?: number | null; error?: string; stopped?: string };
            pending = pending.slice(nl + 1);
            if (msg.out) term.write(msg.out);
            if (msg.error) term.writeln(`\x1b[31m${msg.error}\x1b[0m`);
            nl = pending.indexOf('\n');
          }
        }
      } catch (e) {
        if ((e as Error).name === 'AbortError') term.writeln('^C');
        else term.writeln(`\x1b[31m${(e as Error).message}\x1b[0m`);
      } finally {
        running = undefined;
        term.write(PROMPT);
      }
    };

    const sub = term.onData((data) => {
      if (running) {
        if (data === '\x03') running.abort();
        return;
      }
      if (data === '\x03') {
        term.write('^C\r\n');
        line = emptyLine(line.history);
        term.write(PROMPT);
        return;
      }
      const { state, action } = keyInput(line, data);
      line = state;
      if (action.type === 'submit') {
        term.write('\r\n');
        localStorage.setItem(HISTORY_KEY, JSON.stringify(line.history));
        if (action.line.trim()) void run(action.line);
        else term.write(PROMPT);
      } else if (action.type === 'clear-screen') {
        term.clear();
        term.write(renderLine(PROMPT, line));
      } else {
        term.write(renderLine(PROMPT, line).replace(PROMPT_TEXT, PROMPT));
      }
    });

    return () => {
      sub.dispose();
      resize.disconnect();
      running?.abort();
      term.dispose();
    };
  }, []);

  return <div ref={host} className="h-72 overflow-hidden rounded-md border border-[var(--border)] p-1" aria-label="kubectl terminal" data-testid="terminal" />;
}
