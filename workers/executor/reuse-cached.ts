import type { CachedResult, ExecutorDeps } from './types';

/**
 * The result a deterministic node can serve instead of running: the one cached under
 * `key`, else one kept from an earlier session (which then replaces the cached one, as a
 * recomputed result would), provided it still holds (e.g. its model is still loaded).
 */
export async function reusableResult(
  deps: Pick<ExecutorDeps, 'cache' | 'restore' | 'isAlive'>,
  nodeId: string,
  key: string,
  deterministic: boolean,
): Promise<CachedResult | undefined> {
  if (!deterministic) return undefined;
  let cached = deps.cache.get(nodeId);
  if (cached?.key !== key && deps.restore) {
    const kept = await deps.restore(nodeId, key);
    if (kept) {
      deps.cache.set(nodeId, kept);
      cached = kept;
    }
  }
  if (cached?.key === key && (await (deps.isAlive?.(cached) ?? true))) return cached;
  return undefined;
}
