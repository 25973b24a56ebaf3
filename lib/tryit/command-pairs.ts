/**
 * The "type this, see that" pairs a lesson shows after a Try-it: a ```bash block holding one
 * kubectl command, followed by ```text blocks with the output to expect (until the next command,
 * Try-it or section). Tests run the command against a sandbox and compare.
 */
export interface CommandPair {
  command: string;
  /** The expected output blocks, in order (a watch's output may be shown in parts). */
  expected: string[];
}

/** Splits a command line as a POSIX shell would for plain words, '…' and "…" (no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1])) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`unclosed " in: ${line}`);
      i = j;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The pairs in one region of MDX source (the text after a Try-it, up to the next one). */
export function commandPairs(region: string): CommandPair[] {
  const pairs: CommandPair[] = [];
  const fence = /```(\w+)\n([\s\S]*?)```/g;
  let current: CommandPair | undefined;
  for (const m of region.matchAll(fence)) {
    const [, lang, body] = m;
    if (lang === 'bash') {
      const lines = body.trim().split('\n');
      current = lines.length === 1 && lines[0].startsWith('kubectl ') ? { command: lines[0], expected: [] } : undefined;
      if (current) pairs.push(current);
    } else if (lang === 'text' && current) {
      current.expected.push(body);
    } else {
      current = undefined;
    }
  }
  return pairs.filter((p) => p.expected.length > 0);
}

/** The region after each Try-it: up to the next Try-it or the next `## ` section. */
export function regionsAfterTryIts(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<TryIt\b[\s\S]*?\bid="([^"]+)"[\s\S]*?<\/TryIt>/g;
  for (const m of source.matchAll(re)) {
    const from = m.index + m[0].length;
    const rest = source.slice(from);
    const stop = rest.search(/\n<TryIt\b|\n## /);
    out.set(m[1], stop < 0 ? rest : rest.slice(0, stop));
  }
  return out;
}

/**
 * Output made comparable: the AGE column (always last in these tables) dropped, generated name
 * suffixes and uids replaced by placeholders in order of appearance, runs of spaces collapsed.
 */
export function normalizeOutput(text: string, generatedPrefixes: string[] = []): string[] {
  const names = new Map<string, string>();
  const lines = text.replace(/\n+$/, '').split('\n');
  const ageTable = /\bAGE\s*$/.test(lines[0] ?? '');
  return lines.map((line) => {
    let l = line.trimEnd();
    // Ages and durations (31s, 2m5s) differ from run to run; the rest of a row must not.
    if (ageTable) l = l.replace(/\s+\S+$/, '').replace(/(\s)\d+(m\d+)?s(?=\s|$)/g, '$1<time>');
    l = l.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<the Job's uid>");
    for (const prefix of generatedPrefixes) {
      l = l.replace(new RegExp(`\\b${prefix}-[a-z0-9]{5}\\b`, 'g'), (name) => {
        if (!names.has(name)) names.set(name, `${prefix}-<${names.size + 1}>`);
        return names.get(name)!;
      });
    }
    return l.replace(/\s+/g, ' ');
  });
}
