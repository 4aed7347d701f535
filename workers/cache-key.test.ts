import { describe, expect, it } from 'vitest';
import { CACHE_KEY_LENGTH, type CacheKeyParts, cacheKey, canonicalJson } from './cache-key';

const base: CacheKeyParts = {
  kind: 'clean.filter',
  version: 1,
  params: { where: 'x > 1', nested: { b: 2, a: [1, { z: 1, y: 2 }] } },
  inputKeys: { in: `${'a'.repeat(64)}#out` },
  fingerprint: '',
};

describe('cacheKey', () => {
  it('gives the same key for the same inputs', async () => {
    expect(await cacheKey(base)).toBe(await cacheKey({ ...base }));
  });

  it('ignores the key order of params and input keys', async () => {
    const reordered: CacheKeyParts = {
      ...base,
      params: { nested: { a: [1, { y: 2, z: 1 }], b: 2 }, where: 'x > 1' },
      inputKeys: { in2: 'k2#out', in: 'k1#out' },
    };
    const sorted = { ...base, inputKeys: { in: 'k1#out', in2: 'k2#out' } };
    expect(await cacheKey(reordered)).toBe(await cacheKey(sorted));
  });

  it('changes with the kind, version, params, input keys and fingerprint', async () => {
    const key = await cacheKey(base);
    const variants: CacheKeyParts[] = [
      { ...base, kind: 'transform.sql' },
      { ...base, version: 2 },
      { ...base, params: { ...(base.params as object), where: 'x > 2' } },
      { ...base, params: { where: 'x > 1', nested: { b: 2, a: [{ z: 1, y: 2 }, 1] } } },
      { ...base, inputKeys: { in: `${'b'.repeat(64)}#out` } },
      { ...base, inputKeys: { in: `${'a'.repeat(64)}#train` } },
      { ...base, inputKeys: { apply: `${'a'.repeat(64)}#out` } },
      { ...base, fingerprint: 'abc' },
    ];
    const keys = await Promise.all(variants.map(cacheKey));
    for (const k of keys) expect(k).not.toBe(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps a fixed length however large its parts are', async () => {
    const big = await cacheKey({ ...base, params: { sql: 'x'.repeat(100_000) } });
    expect(big).toMatch(/^[0-9a-f]+$/);
    expect(big).toHaveLength(CACHE_KEY_LENGTH);
    // A deep chain: each key feeds the next, as the executor does.
    let key = '';
    for (let i = 0; i < 200; i++) key = await cacheKey({ ...base, inputKeys: { in: `${key}#out` } });
    expect(key).toHaveLength(CACHE_KEY_LENGTH);
  });

  it('is stable across releases and environments (pinned value)', async () => {
    // Pinned (checked against node:crypto's SHA-256 of the same text): a change here
    // invalidates every persisted or CLI-computed key.
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(
      await cacheKey({ kind: 'k', version: 1, params: { b: 1, a: 2 }, inputKeys: {}, fingerprint: '' }),
    ).toBe('97cbc37821fe4ba79729664c2af00ed17d9a03d1c86a2880b4e18e5b56e3ec80');
  });
});
