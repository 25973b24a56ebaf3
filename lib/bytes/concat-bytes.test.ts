import { describe, expect, it } from 'vitest';
import { concatBytes } from './concat-bytes';

describe('concatBytes', () => {
  it('joins chunks in order into an array with a buffer of its own', () => {
    const pooled = Buffer.from('bc');
    const out = concatBytes([new Uint8Array([97]), pooled, new Uint8Array(0)]);
    expect(Buffer.from(out).toString()).toBe('abc');
    expect(out.buffer.byteLength).toBe(3);
    expect(out.buffer).not.toBe(pooled.buffer);
  });

  it('gives an empty array for no chunks', () => {
    expect(concatBytes([]).byteLength).toBe(0);
  });
});
