import { describe, expect, it } from 'vitest';
import { reusableResult } from './reuse-cached';
import type { CachedResult } from './types';

const result = (key: string): CachedResult => ({ key, outputs: {}, warnings: [] });

describe('reusableResult', () => {
  it('serves the cached result under the same key, never for a non-deterministic node', async () => {
    const cache = new Map([['a', result('k1')]]);
    expect(await reusableResult({ cache }, 'a', 'k1', true)).toBe(cache.get('a'));
    expect(await reusableResult({ cache }, 'a', 'k2', true)).toBeUndefined();
    expect(await reusableResult({ cache }, 'a', 'k1', false)).toBeUndefined();
  });

  it('restores a kept result when the cached one has another key, replacing it in the cache', async () => {
    const cache = new Map([['a', result('old')]]);
    const kept = result('k1');
    const restore = async (id: string, key: string) => (id === 'a' && key === 'k1' ? kept : undefined);
    expect(await reusableResult({ cache, restore }, 'a', 'k1', true)).toBe(kept);
    expect(cache.get('a')).toBe(kept);
  });

  it('does not serve a result that no longer holds (its model is gone)', async () => {
    const cache = new Map([['a', result('k1')]]);
    expect(await reusableResult({ cache, isAlive: async () => false }, 'a', 'k1', true)).toBeUndefined();
  });
});
