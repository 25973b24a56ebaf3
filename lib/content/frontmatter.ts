/**
 * The contract with content authors: every lesson's frontmatter is checked against this
 * schema at build time. `.describe()` strings double as the authors' documentation.
 */
import { z } from 'zod';

export const SECTIONS = ['theory', 'patterns', 'scheduling', 'batch', 'exercises', 'challenges', 'project', 'reference'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  theory: 'Workload types',
  patterns: 'Container patterns',
  scheduling: 'Scheduling',
  batch: 'Batch processing',
  exercises: 'Hands-on exercises',
  challenges: 'Practice challenges',
  project: 'Real-world project',
  reference: 'Reference',
};

export const manifestRef = z
  .object({
    title: z.string().min(1).describe('What the editor tab is called.'),
    file: z
      .string()
      .regex(/^[a-z0-9][a-z0-9./_-]*\.ya?ml$/, 'must be a .yaml path under resources/')
      .refine((p) => !p.includes('..'), 'must not contain ..')
      .describe('Path of a file under content/module-05/resources/.'),
  })
  .strict();

export const frontmatterSchema = z
  .object({
    title: z.string().min(1).describe('Lesson title, shown as the page heading and in the sidebar.'),
    order: z.number().int().positive().describe('Position in the module; unique across lessons.'),
    section: z.enum(SECTIONS).describe('The group the lesson belongs to in the sidebar and module map.'),
    summary: z.string().min(10).describe('One sentence for the module map and search results.'),
    objectives: z.array(z.string().min(3)).min(1).describe('What the learner can do after the lesson.'),
    estimatedMinutes: z.number().int().positive().max(600).describe('Honest estimate of the time the lesson takes.'),
    manifests: z.array(manifestRef).default([]).describe('Resource files the lab bench offers to the editor.'),
  })
  .strict();

export type Frontmatter = z.infer<typeof frontmatterSchema>;

/** Turns zod issues into one readable line per problem: `field: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(frontmatter)'}: ${i.message}`).join('; ');
}
