/**
 * Where the hostile suite's portal lives: its own port, its own data directory, and the two
 * planted marker files (one inside the data directory, one beside it). Shared by
 * playwright.config.ts (which starts that portal) and the specs (which attack it).
 */
import path from 'node:path';

export const HOSTILE_PORT = Number(process.env.HOSTILE_PORT ?? 3190);
export const HOSTILE_BASE = `http://localhost:${HOSTILE_PORT}`;
/** Relative to the repository root, where Playwright runs. */
export const HOSTILE_DATA_DIR_REL = '.data/hostile';
export const HOSTILE_OUTSIDE_DIR_REL = '.data/hostile-outside';
export const REPO_DIR = path.resolve(process.cwd());
export const HOSTILE_DATA_DIR = path.resolve(REPO_DIR, HOSTILE_DATA_DIR_REL);
export const HOSTILE_OUTSIDE_DIR = path.resolve(REPO_DIR, HOSTILE_OUTSIDE_DIR_REL);
/** Written as KEY=value so that `--from-env-file` would read it too if it were allowed. */
export const MARKER_FILE = path.join(HOSTILE_DATA_DIR, 'MARKER-do-not-leak');
export const OUTSIDE_MARKER_FILE = path.join(HOSTILE_OUTSIDE_DIR, 'MARKER-outside');
export const INSTRUCTOR_TOKEN_FILE = path.join(HOSTILE_DATA_DIR, 'instructor-token');
export const LEARNER_DB_FILE = path.join(HOSTILE_DATA_DIR, 'kubelab.db');
export const CLUSTER_RECORDS_FILE = path.join(HOSTILE_DATA_DIR, 'sandbox-clusters.json');
