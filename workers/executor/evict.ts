import type { ExecutorDeps } from './types';

/**
 * Drop a node's cached result (it failed or was cancelled: its old result no longer
 * matches the graph) and let the owner free what it held.
 */
export function evictCached(deps: Pick<ExecutorDeps, 'cache' | 'onEvict'>, nodeId: string): void {
  const old = deps.cache.get(nodeId);
  if (!old) return;
  deps.cache.delete(nodeId);
  deps.onEvict?.(nodeId, old);
}
