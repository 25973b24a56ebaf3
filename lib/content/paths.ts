import path from 'node:path';

/** Where Module 5 lives; overridable so tests can point the loader at fixtures. */
export const MODULE_DIR = path.join(process.cwd(), 'content', 'module-05');
export const RESOURCES_DIR = path.join(MODULE_DIR, 'resources');
