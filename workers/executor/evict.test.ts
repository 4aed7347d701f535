import { describe, expect, it } from 'vitest';
import { evictCached } from './evict';
import type { CachedResult } from './types';

describe('evictCached', () => {
  it('drops the cached result and hands it to onEvict, once', () => {
    const result: CachedResult = { key: 'k', outputs: {}, warnings: [] };
    const cache = new Map([['a', result]]);
    const evicted: [string, CachedResult][] = [];
    const deps = { cache, onEvict: (id: string, r: CachedResult) => evicted.push([id, r]) };
    evictCached(deps, 'a');
    evictCached(deps, 'a');
    expect(cache.has('a')).toBe(false);
    expect(evicted).toEqual([['a', result]]);
  });

  it('does nothing for a node with no result, and works without onEvict', () => {
    const cache = new Map<string, CachedResult>([['b', { key: 'k', outputs: {}, warnings: [] }]]);
    evictCached({ cache }, 'a');
    evictCached({ cache }, 'b');
    expect([...cache.keys()]).toEqual([]);
  });
});
