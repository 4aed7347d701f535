import { describe, expect, it } from 'vitest';
import { nodeKey } from './node-key';

const parts = (deterministic: boolean, extra = 'file#1') => ({
  kind: { kind: 'sql', version: 1, deterministic },
  params: { sql: 'SELECT 1' },
  inputKeys: { in: 'K#out' },
  extra,
  targets: [] as string[],
});

describe('nodeKey', () => {
  it('is the same for the same deterministic node, and changes with its file fingerprint', async () => {
    const key = await nodeKey(parts(true));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await nodeKey(parts(true))).toBe(key);
    expect(await nodeKey(parts(true, 'file#2'))).not.toBe(key);
  });

  it('gives a non-deterministic node (a database read) a new key every run', async () => {
    let n = 0;
    const nonce = () => `run-${++n}`;
    const first = await nodeKey(parts(false), nonce);
    expect(await nodeKey(parts(false), nonce)).not.toBe(first);
  });

  it('depends on the downstream targets only when there are some', async () => {
    const plain = await nodeKey(parts(true));
    expect(await nodeKey({ ...parts(true), targets: [] })).toBe(plain);
    expect(await nodeKey({ ...parts(true), targets: ['label'] })).not.toBe(plain);
  });
});
