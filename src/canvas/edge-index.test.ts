import { describe, expect, it } from 'vitest';
import { hasEdgeInto } from './edge-index';

describe('hasEdgeInto', () => {
  it('tells whether an edge ends at a node, for each edges array', () => {
    const edges = [{ target: 'b' }, { target: 'c' }];
    expect(hasEdgeInto(edges, 'b')).toBe(true);
    expect(hasEdgeInto(edges, 'a')).toBe(false);
    // A new array (the store never mutates one) gets its own answer.
    expect(hasEdgeInto([...edges, { target: 'a' }], 'a')).toBe(true);
    expect(hasEdgeInto([], 'b')).toBe(false);
  });

  // 5,000 node cards each scanned 4,500 edges on every store update.
  it('answers 5,000 cards over 5,000 edges in linear time', () => {
    const edges = Array.from({ length: 5000 }, (_, i) => ({ target: `n${i + 1}` }));
    const t0 = performance.now();
    let connected = 0;
    for (let update = 0; update < 20; update++)
      for (let i = 0; i < 5000; i++) if (hasEdgeInto(edges, `n${i}`)) connected++;
    expect(connected).toBe(20 * 4999);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
