/**
 * Splits a typed command line into words the way a POSIX shell would for simple commands
 * (single and double quotes, backslash escapes), without ever running a shell: no
 * variables, globbing, pipes, redirections or substitutions. Those characters outside quotes
 * are refused, so `kubectl get pods | grep x` gets a clear message instead of a surprise.
 * Control and invisible formatting characters (NUL, zero-width and bidi marks, unusual spaces)
 * are refused too: what the learner sees must be what kubectl gets.
 */
export class CommandSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandSyntaxError';
  }
}

const SHELL_ONLY = new Set(['|', '&', ';', '<', '>', '`', '$', '(', ')']);
/** C0/C1 controls (tab and newlines are handled on their own), format characters, odd spaces. */
export const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/;

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function tokenize(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\n' || c === '\r') throw new CommandSyntaxError('one command per line, please');
    if (INVISIBLE.test(c)) throw new CommandSyntaxError(`the command contains an invisible or control character (${codePoint(c)}) at position ${i + 1}; retype it without it`);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else if (c === '$' || c === '`') throw new CommandSyntaxError('variables and command substitution are not available here: type the value itself');
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < line.length) cur += line[++i];
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    if (c === '\n' || c === '\r') throw new CommandSyntaxError('one command per line, please');
    if (SHELL_ONLY.has(c)) throw new CommandSyntaxError(`"${c}" is shell syntax; this terminal runs kubectl only (no pipes, redirections or variables)`);
    cur += c;
    inWord = true;
  }
  if (quote) throw new CommandSyntaxError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) words.push(cur);
  return words;
}
