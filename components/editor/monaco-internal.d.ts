/** Monaco's internal worker factory (see monaco-setup.ts for why it is used). */
declare module 'monaco-editor/internal/common/workers' {
  import type * as monaco from 'monaco-editor';
  export function createWebWorker<T extends object>(opts: {
    moduleId?: string;
    label?: string;
    createData?: unknown;
    host?: Record<string, (...args: unknown[]) => unknown>;
    keepIdleModels?: boolean;
    createWorker?: () => Worker;
  }): monaco.editor.MonacoWebWorker<T>;
}
