/** The module's own metadata (content/module-05/_module.yaml), validated like lessons. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ContentError } from './errors';
import { describeIssues } from './frontmatter';
import { MODULE_DIR } from './paths';

export const moduleSchema = z
  .object({
    title: z.string().min(1),
    summary: z.string().min(10),
    objectives: z.array(z.string()).min(1),
    prerequisites: z.array(z.string()),
    next: z.object({ title: z.string(), summary: z.string() }).strict(),
  })
  .strict();

export type ModuleInfo = z.infer<typeof moduleSchema>;

export function loadModuleInfo(file = path.join(MODULE_DIR, '_module.yaml')): ModuleInfo {
  const rel = path.relative(process.cwd(), file);
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'));
  } catch (err) {
    throw new ContentError(rel, (err as Error).message);
  }
  const parsed = moduleSchema.safeParse(raw);
  if (!parsed.success) throw new ContentError(rel, describeIssues(parsed.error));
  return parsed.data;
}
