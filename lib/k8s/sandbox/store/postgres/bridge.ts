/**
 * The cluster store's synchronous door to PostgreSQL: the shared bridge (lib/postgres/sync-bridge.ts
 * says how a synchronous call reaches an asynchronous client) running the store's operations
 * (operations.mjs). The store's persistence is synchronous (StorePersistence: load() while a
 * cluster is built, inside a request that wakes it; flush() before a read), and the host wakes
 * clusters synchronously.
 */
import { SyncBridge } from '../../../../postgres/sync-bridge';
import type { StoreOperations } from './operations';

export { DatabaseCallError, DatabaseCallTimeoutError, DEFAULT_CALL_TIMEOUT_MS } from '../../../../postgres/sync-bridge';

export class PgBridge extends SyncBridge<StoreOperations> {
  constructor(url: string, opts: { schema?: string; timeoutMs?: number } = {}) {
    super(url, { ...opts, operations: new URL('./operations.mjs', import.meta.url), name: 'kubelab-postgres' });
  }
}
