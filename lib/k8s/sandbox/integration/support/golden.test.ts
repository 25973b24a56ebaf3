import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectGolden, GoldenMissingError, strayGoldenFiles, updatingGolden } from './golden';

describe.skipIf(updatingGolden)('golden files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-golden-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes when the text is the golden file, byte for byte, and fails on any difference', () => {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'NAME   AGE\nweb    5s\n');
    expectGolden(file, 'NAME   AGE\nweb    5s\n');
    expect(() => expectGolden(file, 'NAME   AGE\nweb    6s\n')).toThrow(/a\.txt differs from its golden file; if the change is meant, run with UPDATE_GOLDEN=1/);
  });

  it('names the missing golden file and how to write it', () => {
    expect(() => expectGolden(path.join(dir, 'missing.txt'), 'x')).toThrow(GoldenMissingError);
    expect(() => expectGolden(path.join(dir, 'missing.txt'), 'x')).toThrow(/run the test with UPDATE_GOLDEN=1 to write it/);
  });

  it('lists the golden files no test wrote', () => {
    for (const f of ['kept.txt', 'stray.txt', 'fixture.yaml']) fs.writeFileSync(path.join(dir, f), '');
    expect(strayGoldenFiles(dir, [path.join(dir, 'kept.txt')])).toEqual([path.join(dir, 'stray.txt')]);
  });
});
