/**
 * One sandbox per kubectl test file: started before the file's tests, closed after, with a
 * `k(args, stdin?)` that runs the real kubectl against it.
 */
import { afterAll, beforeAll } from 'vitest';
import { kubectl, type KubectlResult } from './kubectl';
import { startTestServer, type TestServer } from './test-server';

export interface KubectlSuite {
  server(): TestServer;
  k(args: string[], input?: string): Promise<KubectlResult>;
}

export function useSandboxForKubectl(): KubectlSuite {
  let s: TestServer | undefined;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });
  const server = () => {
    if (!s) throw new Error('the sandbox for this kubectl suite has not started');
    return s;
  };
  return { server, k: (args, input) => kubectl(server().kubeconfig, args, input) };
}
