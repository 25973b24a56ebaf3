import { describe, expect, it } from 'vitest';
import { multiRowInsert, SqlTranslationError, toPostgres } from './sql-dialect';

describe('translating the learners\' SQL to PostgreSQL', () => {
  it('numbers positional placeholders in order', () => {
    expect(toPostgres('UPDATE t SET a = ? WHERE id = ? AND b IN (?, ?)')).toEqual({ text: 'UPDATE t SET a = $1 WHERE id = $2 AND b IN ($3, $4)', names: null, count: 4 });
  });

  it('gives a named parameter one number however often it appears, and lists the names in that order', () => {
    expect(toPostgres('SELECT 1 WHERE x = @learner AND (CAST(@quiz AS TEXT) IS NULL OR q = @quiz) AND y = @learner')).toEqual({
      text: 'SELECT 1 WHERE x = $1 AND (CAST($2 AS TEXT) IS NULL OR q = $2) AND y = $1',
      names: ['learner', 'quiz'],
      count: 2,
    });
  });

  it('leaves ? and @ inside quoted strings, quoted identifiers and comments as they are', () => {
    const sql = `SELECT 'a?b''@c' AS "we?ird", x -- why? @no\n FROM t /* ? */ WHERE y = ?`;
    expect(toPostgres(sql).text).toBe(`SELECT 'a?b''@c' AS "we?ird", x -- why? @no\n FROM t /* ? */ WHERE y = $1`);
  });

  it('turns SQLite\'s two-argument min/max into LEAST/GREATEST and keeps the one-argument aggregates and qualified columns', () => {
    expect(toPostgres('SET a = min(t.a, excluded.a), b = MAX(b, max(c, d)), n = max(answered_at), m = t.max, k = (min (x , y))').text).toBe(
      'SET a = LEAST(t.a, excluded.a), b = GREATEST(b, GREATEST(c, d)), n = max(answered_at), m = t.max, k = (LEAST (x , y))',
    );
    expect(toPostgres('SELECT min(f(a, b)) FROM t').text).toBe('SELECT min(f(a, b)) FROM t');
  });

  it('refuses what it cannot translate faithfully, naming the statement', () => {
    expect(() => toPostgres('SELECT ? WHERE a = @b')).toThrow(SqlTranslationError);
    expect(() => toPostgres("SELECT 'open")).toThrow(/unterminated quote.*SELECT 'open/);
    expect(() => toPostgres('SELECT (1')).toThrow(/unbalanced parenthesis/);
    expect(() => toPostgres('SELECT 1 /* open')).toThrow(/unterminated comment/);
  });
});

describe('a batch of rows as one PostgreSQL insert', () => {
  it('repeats the values tuple with the parameters numbered on, keeping ON CONFLICT … DO NOTHING', () => {
    const t = toPostgres('INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT(a) DO NOTHING');
    expect(multiRowInsert(t.text, t.count, 3)).toBe('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT(a) DO NOTHING');
    expect(multiRowInsert('INSERT INTO t (a) VALUES ($1)', 1, 2)).toBe('INSERT INTO t (a) VALUES ($1), ($2)');
  });

  it('declines an upsert that updates, constants among the values, and anything but an insert', () => {
    expect(multiRowInsert(toPostgres('INSERT INTO t (a) VALUES (?) ON CONFLICT(a) DO UPDATE SET a = excluded.a').text, 1, 2)).toBeUndefined();
    expect(multiRowInsert(toPostgres('INSERT INTO t (a, b) VALUES (?, 1)').text, 1, 2)).toBeUndefined();
    expect(multiRowInsert(toPostgres('UPDATE t SET a = ?').text, 1, 2)).toBeUndefined();
    expect(multiRowInsert(toPostgres('INSERT INTO t (a) VALUES (?) RETURNING a').text, 1, 2)).toBeUndefined();
  });
});
