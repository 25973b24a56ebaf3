export { MemoryVfs, type MemoryVfsOptions, type UsageListener, DEFAULT_DIR_MODE, DEFAULT_FILE_MODE } from './memory-vfs';
export { LayeredVfs, copyTree, type MountOptions } from './layered-vfs';
export { SubdirVfs } from './subdir-vfs';
export { normalizePath, dirnameOf, basenameOf, joinPath } from './path';
export { DiskPool } from './disk-pool';
