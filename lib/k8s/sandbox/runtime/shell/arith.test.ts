import { describe, expect, it } from 'vitest';
import { ArithmeticError, evaluateArithmetic } from './arith';

function vars(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { get: (n: string) => m.get(n), set: (n: string, v: string) => void m.set(n, v), m };
}

describe('shell arithmetic', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['17 % 5', 2],
    ['-7 / 2', -3],
    ['RANDOM % 10 + 5', 12],
    ['i * 10', 70],
    ['3 > 2 && 2 >= 2', 1],
    ['1 == 2 || 0', 0],
    ['!0', 1],
    ['x ? 10 : 20', 20],
    ['0x10 + 010', 24],
    ['2 ** 10', 1024],
    ['', 0],
  ])('%s = %d', (expr, value) => {
    expect(evaluateArithmetic(expr, vars({ RANDOM: '17', i: '7', x: '' }))).toBe(value);
  });

  it('assigns with =, += and ++', () => {
    const v = vars({ n: '1' });
    expect(evaluateArithmetic('n += 4', v)).toBe(5);
    expect(evaluateArithmetic('n++', v)).toBe(5);
    expect(evaluateArithmetic('m = n * 2', v)).toBe(12);
    expect(v.m.get('n')).toBe('6');
    expect(v.m.get('m')).toBe('12');
  });

  it.each([['1 / 0', 'divide by zero'], ['1 +', 'arithmetic syntax error'], ['2 3', 'arithmetic syntax error']])('%s fails with %s', (expr, message) => {
    expect(() => evaluateArithmetic(expr, vars())).toThrow(ArithmeticError);
    expect(() => evaluateArithmetic(expr, vars())).toThrow(message);
  });
});
