/**
 * docs/architecture.md names the files one `kubectl apply` of a Job passes through; this keeps it
 * true: every path it names exists. Paths in its diagram that do not start at the repository's
 * root (`controllers/job/job-controller.ts`) are inside lib/k8s/sandbox/, as the page says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
const TOP_LEVEL = new Set(fs.readdirSync(ROOT));

/** Tokens that look like a file (a known ending) or a folder (a trailing slash) with at least one slash. */
function namedPaths(text: string): string[] {
  const found = text.match(/[\w.@-]+(?:\/[\w.@[\]-]+)+\/?/g) ?? [];
  return [...new Set(found.filter((p) => /\.(ts|tsx|mjs|md|yaml)$/.test(p) || p.endsWith('/')))];
}

function resolved(p: string): string {
  return TOP_LEVEL.has(p.split('/')[0]) ? p : `lib/k8s/sandbox/${p}`;
}

describe('docs/architecture.md', () => {
  it('names only files and folders that exist', () => {
    const paths = namedPaths(PAGE);
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((p) => !fs.existsSync(path.join(ROOT, resolved(p))));
    expect(missing, 'paths named in docs/architecture.md that do not exist: fix the page').toEqual([]);
  });

  it('reads paths from prose and diagram alike, and skips API paths and resource names', () => {
    expect(namedPaths('see `lib/k8s/clock.ts` and<br/>controllers/job/ and /api/lab/apply and job.batch/pi')).toEqual(['lib/k8s/clock.ts', 'controllers/job/']);
  });
});
