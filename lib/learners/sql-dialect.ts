/**
 * The learners' modules write SQLite's SQL; on PostgreSQL each statement goes through
 * toPostgres() first. Everything the two dialects spell differently in the subset those modules
 * use is handled here, and nowhere else:
 * - placeholders: `?` (positional) and `@name` (named, better-sqlite3's object binding) become
 *   PostgreSQL's `$1`, `$2`…; a name used twice is one parameter;
 * - two-argument `min(a, b)` / `max(a, b)` (SQLite's scalar forms) become `LEAST` / `GREATEST`
 *   (one-argument min/max stay the aggregates). SQLite's scalar min/max give NULL when an
 *   argument is NULL and LEAST/GREATEST skip NULLs: the statements only use them on NOT NULL
 *   columns.
 * Quoted strings, quoted identifiers and comments pass through untouched, so a `?` or `@x`
 * inside a literal stays text. Everything else must be written portably by the modules:
 * qualified columns in ON CONFLICT … DO UPDATE (PostgreSQL calls a bare one ambiguous), a cast
 * on a parameter only compared with NULL, octet_length() for byte sizes. Schema statements are
 * not translated: each migration is written for both (db-migrations.ts).
 */

export class SqlTranslationError extends Error {
  constructor(readonly sql: string, reason: string) {
    super(`cannot translate to PostgreSQL (${reason}): ${sql.length > 120 ? `${sql.slice(0, 120)}…` : sql}`);
    this.name = 'SqlTranslationError';
  }
}

export interface PgStatementText {
  text: string;
  /** Named parameters in $n order (null: positional, bound in order). */
  names: string[] | null;
  /** How many parameters the statement takes. */
  count: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;

/** One statement in SQLite's spelling, in PostgreSQL's. */
export function toPostgres(sql: string): PgStatementText {
  const out: string[] = [];
  let positional = 0;
  const named = new Map<string, number>();
  /** Open parentheses: the output index of a min/max name before it (or -1) and its top-level commas. */
  const parens: { nameAt: number; commas: number }[] = [];
  /** The output index of the last identifier if nothing but whitespace followed it. */
  let lastIdent = -1;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote is the quote itself.
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new SqlTranslationError(sql, 'an unterminated quote');
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push(sql.slice(i, j + 1));
      i = j + 1;
      lastIdent = -1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? n : end;
      out.push(sql.slice(i, j));
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlTranslationError(sql, 'an unterminated comment');
      out.push(sql.slice(i, end + 2));
      i = end + 2;
    } else if (c === '?') {
      if (named.size > 0) throw new SqlTranslationError(sql, 'both ? and @name parameters');
      out.push(`$${++positional}`);
      i++;
      lastIdent = -1;
    } else if (c === '@' && i + 1 < n && IDENT_START.test(sql[i + 1])) {
      if (positional > 0) throw new SqlTranslationError(sql, 'both ? and @name parameters');
      let j = i + 1;
      while (j < n && IDENT.test(sql[j])) j++;
      const name = sql.slice(i + 1, j);
      let at = named.get(name);
      if (at === undefined) named.set(name, (at = named.size + 1));
      out.push(`$${at}`);
      i = j;
      lastIdent = -1;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT.test(sql[j])) j++;
      out.push(sql.slice(i, j));
      // A qualified name (t.max) is a column, not the function.
      lastIdent = sql[i - 1] === '.' ? -1 : out.length - 1;
      i = j;
    } else if (c === '(') {
      const word = lastIdent >= 0 ? out[lastIdent].toLowerCase() : '';
      parens.push({ nameAt: word === 'min' || word === 'max' ? lastIdent : -1, commas: 0 });
      out.push(c);
      i++;
      lastIdent = -1;
    } else if (c === ',') {
      if (parens.length > 0) parens[parens.length - 1].commas++;
      out.push(c);
      i++;
      lastIdent = -1;
    } else if (c === ')') {
      const p = parens.pop();
      if (!p) throw new SqlTranslationError(sql, 'an unbalanced parenthesis');
      if (p.nameAt >= 0 && p.commas > 0) out[p.nameAt] = out[p.nameAt].toLowerCase() === 'min' ? 'LEAST' : 'GREATEST';
      out.push(c);
      i++;
      lastIdent = -1;
    } else {
      out.push(c);
      i++;
      if (!/\s/.test(c)) lastIdent = -1;
    }
  }
  if (parens.length > 0) throw new SqlTranslationError(sql, 'an unbalanced parenthesis');
  return { text: out.join(''), names: named.size > 0 ? [...named.keys()] : null, count: named.size > 0 ? named.size : positional };
}

const PLAIN_INSERT = /^(\s*INSERT\s+INTO\s+[\s\S]*?\bVALUES\s*)\(([\s$0-9,]*)\)(\s*(?:ON\s+CONFLICT\s*(?:\([^)]*\))?\s*DO\s+NOTHING)?\s*)$/i;

/**
 * A translated `INSERT … VALUES ($1, … $n) [ON CONFLICT … DO NOTHING]` as one statement of
 * `rows` tuples ($1…$n, $n+1…$2n, …), for runMany on PostgreSQL: a batch of rows in one round
 * trip. Undefined for any other statement, and for DO UPDATE (PostgreSQL refuses to update a
 * row twice in one statement, which duplicate rows of one batch would ask).
 */
export function multiRowInsert(text: string, count: number, rows: number): string | undefined {
  const m = PLAIN_INSERT.exec(text);
  if (!m || count === 0) return undefined;
  const params = m[2].split(',').map((p) => p.trim());
  if (params.length !== count || params.some((p, i) => p !== `$${i + 1}`)) return undefined;
  const tuples = Array.from({ length: rows }, (_, r) => `(${params.map((_, i) => `$${r * count + i + 1}`).join(', ')})`);
  return `${m[1]}${tuples.join(', ')}${m[3]}`;
}
