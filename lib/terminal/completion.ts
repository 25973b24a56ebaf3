/**
 * Tab completion, as pure functions: which word the cursor is on and what it is (a command,
 * a kubectl verb, a resource kind, a name in the learner's cluster), and how a list of
 * candidates changes the line (bash's rules: one match completes with a space after it,
 * several complete their common prefix, and a second Tab lists them).
 */

/** Commands of the workstation shell, offered at the start of a command. */
export const SHELL_COMMANDS = [
  'awk', 'cat', 'cd', 'clear', 'curl', 'cut', 'echo', 'env', 'export', 'false', 'fg', 'grep', 'head', 'help', 'history', 'jobs', 'kill',
  'kubectl', 'ls', 'mkdir', 'nslookup', 'printf', 'pwd', 'rm', 'sed', 'sleep', 'sort', 'tail', 'tee', 'touch', 'tr', 'true', 'uniq', 'watch', 'wc', 'wget',
].sort();

/** Resource kinds kubectl accepts (plural and short names), with the plural the API lists. */
export const RESOURCE_KINDS: Record<string, { plural: string; namespaced: boolean }> = {
  pods: { plural: 'pods', namespaced: true }, pod: { plural: 'pods', namespaced: true }, po: { plural: 'pods', namespaced: true },
  deployments: { plural: 'deployments', namespaced: true }, deployment: { plural: 'deployments', namespaced: true }, deploy: { plural: 'deployments', namespaced: true },
  replicasets: { plural: 'replicasets', namespaced: true }, replicaset: { plural: 'replicasets', namespaced: true }, rs: { plural: 'replicasets', namespaced: true },
  statefulsets: { plural: 'statefulsets', namespaced: true }, statefulset: { plural: 'statefulsets', namespaced: true }, sts: { plural: 'statefulsets', namespaced: true },
  daemonsets: { plural: 'daemonsets', namespaced: true }, daemonset: { plural: 'daemonsets', namespaced: true }, ds: { plural: 'daemonsets', namespaced: true },
  jobs: { plural: 'jobs', namespaced: true }, job: { plural: 'jobs', namespaced: true },
  cronjobs: { plural: 'cronjobs', namespaced: true }, cronjob: { plural: 'cronjobs', namespaced: true }, cj: { plural: 'cronjobs', namespaced: true },
  services: { plural: 'services', namespaced: true }, service: { plural: 'services', namespaced: true }, svc: { plural: 'services', namespaced: true },
  configmaps: { plural: 'configmaps', namespaced: true }, configmap: { plural: 'configmaps', namespaced: true }, cm: { plural: 'configmaps', namespaced: true },
  secrets: { plural: 'secrets', namespaced: true }, secret: { plural: 'secrets', namespaced: true },
  persistentvolumeclaims: { plural: 'persistentvolumeclaims', namespaced: true }, pvc: { plural: 'persistentvolumeclaims', namespaced: true },
  events: { plural: 'events', namespaced: true }, ev: { plural: 'events', namespaced: true },
  serviceaccounts: { plural: 'serviceaccounts', namespaced: true }, sa: { plural: 'serviceaccounts', namespaced: true },
  nodes: { plural: 'nodes', namespaced: false }, node: { plural: 'nodes', namespaced: false }, no: { plural: 'nodes', namespaced: false },
  namespaces: { plural: 'namespaces', namespaced: false }, namespace: { plural: 'namespaces', namespaced: false }, ns: { plural: 'namespaces', namespaced: false },
  persistentvolumes: { plural: 'persistentvolumes', namespaced: false }, pv: { plural: 'persistentvolumes', namespaced: false },
};

/** Kinds offered after a verb: the long plural names (short names still resolve when typed). */
export const KIND_CANDIDATES = [...new Set(Object.values(RESOURCE_KINDS).map((k) => k.plural))].sort();

/** Verbs whose first argument is a pod (no kind word before it). */
const POD_VERBS = new Set(['logs', 'exec', 'port-forward', 'attach']);
/** Verbs that take a node name directly. */
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain', 'taint']);
/** Verbs that take KIND NAME. */
const KIND_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'scale', 'patch', 'expose', 'autoscale', 'wait', 'explain']);

/** kubectl flags that take a value as the next word (so that word is not the verb or a kind). `-f` is left out: it is --follow for logs. */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-c', '--container', '--filename', '--field-selector', '--sort-by', '--tail', '--since', '--timeout', '--replicas', '--for', '--type', '-p', '--patch', '--image', '--port', '--target-port']);

export type CompletionTarget =
  | { kind: 'command'; word: string; start: number }
  | { kind: 'verb'; word: string; start: number }
  | { kind: 'resource'; word: string; start: number }
  | { kind: 'name'; word: string; start: number; resource: string; namespace?: string }
  | { kind: 'none'; word: string; start: number };

/** Index where the current simple command starts: after the last `|`, `;`, `&`, `(`, `` ` `` or `$(` before the cursor. */
function commandStart(line: string): number {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '|' || c === ';' || c === '&' || c === '(' || c === '`') start = i + 1;
  }
  return start;
}

/** What the word before the cursor is. Only the text before the cursor counts, as in bash. */
export function completionTarget(line: string, cursor: number): CompletionTarget {
  const before = line.slice(0, cursor);
  const from = commandStart(before);
  const segment = before.slice(from);
  const m = /(\S*)$/.exec(segment)!;
  const word = m[1];
  const start = from + segment.length - word.length;
  const words = segment.slice(0, segment.length - word.length).trim().split(/\s+/).filter(Boolean);
  // `watch kubectl …` and `time kubectl …` complete like `kubectl …`.
  while (words[0] === 'watch' || words[0] === 'time') words.shift();
  if (words.length === 0) return { kind: 'command', word, start };
  if (words[0] !== 'kubectl' || word.startsWith('-')) return { kind: 'none', word, start };
  // Walk kubectl's words: flags (and their values), the verb, then positional arguments.
  let namespace: string | undefined;
  const positional: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-')) {
      const eq = w.indexOf('=');
      const flag = eq < 0 ? w : w.slice(0, eq);
      const value = eq < 0 ? (VALUE_FLAGS.has(flag) ? words[++i] : undefined) : w.slice(eq + 1);
      if (flag === '-n' || flag === '--namespace') namespace = value;
      continue;
    }
    positional.push(w);
  }
  const prev = words[words.length - 1];
  if (VALUE_FLAGS.has(prev) && prev !== '-n' && prev !== '--namespace') return { kind: 'none', word, start };
  if (prev === '-n' || prev === '--namespace') return { kind: 'name', word, start, resource: 'namespaces' };
  if (positional.length === 0) return { kind: 'verb', word, start };
  const verb = positional[0];
  if (verb === 'rollout') {
    if (positional.length === 1) return { kind: 'none', word, start };
    return kindOrName(positional.slice(2), word, start, namespace);
  }
  if (POD_VERBS.has(verb)) return positional.length === 1 ? { kind: 'name', word, start, resource: 'pods', namespace } : { kind: 'none', word, start };
  if (NODE_VERBS.has(verb)) return positional.length === 1 ? { kind: 'name', word, start, resource: 'nodes' } : { kind: 'none', word, start };
  if (KIND_VERBS.has(verb)) return kindOrName(positional.slice(1), word, start, namespace);
  return { kind: 'none', word, start };
}

function kindOrName(args: string[], word: string, start: number, namespace: string | undefined): CompletionTarget {
  if (args.length === 0) {
    // `pods/web` style: complete the name after the slash.
    const slash = word.indexOf('/');
    if (slash > 0 && RESOURCE_KINDS[word.slice(0, slash).toLowerCase()]) {
      return { kind: 'name', word: word.slice(slash + 1), start: start + slash + 1, resource: RESOURCE_KINDS[word.slice(0, slash).toLowerCase()].plural, namespace };
    }
    return { kind: 'resource', word, start };
  }
  const kind = RESOURCE_KINDS[args[0].toLowerCase()];
  if (!kind) return { kind: 'none', word, start };
  return { kind: 'name', word, start, resource: kind.plural, namespace: kind.namespaced ? namespace : undefined };
}

export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export interface CompletionResult {
  buffer: string;
  cursor: number;
  /** Candidates to list below the line (when nothing more can be completed). */
  list: string[];
}

/** Applies candidates to the word at `start..cursor`. */
export function applyCompletion(buffer: string, cursor: number, start: number, candidates: string[]): CompletionResult {
  const word = buffer.slice(start, cursor);
  const matches = [...new Set(candidates.filter((c) => c.startsWith(word)))].sort();
  if (matches.length === 0) return { buffer, cursor, list: [] };
  if (matches.length === 1) {
    const rest = matches[0].slice(word.length);
    const space = buffer[cursor] === ' ' ? '' : ' ';
    const insert = rest + space;
    return { buffer: buffer.slice(0, cursor) + insert + buffer.slice(cursor), cursor: cursor + insert.length, list: [] };
  }
  const prefix = commonPrefix(matches);
  if (prefix.length > word.length) {
    const insert = prefix.slice(word.length);
    return { buffer: buffer.slice(0, cursor) + insert + buffer.slice(cursor), cursor: cursor + insert.length, list: [] };
  }
  return { buffer, cursor, list: matches };
}

/** Lays out a candidate list in columns for a terminal `cols` wide (as bash does on a second Tab). */
export function formatCandidates(list: string[], cols: number, limit = 100): string {
  const shown = list.slice(0, limit);
  const width = Math.min(cols, Math.max(...shown.map((w) => w.length)) + 2);
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows: string[] = [];
  for (let i = 0; i < shown.length; i += perRow) rows.push(shown.slice(i, i + perRow).map((w) => w.padEnd(width)).join('').trimEnd());
  if (list.length > limit) rows.push(`… and ${list.length - limit} more`);
  return rows.join('\r\n');
}
