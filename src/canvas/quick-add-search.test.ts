import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '../nodes/registry';
import { searchKinds } from './quick-add-search';

describe('quick add search', () => {
  it('lists every kind for an empty query', () => {
    expect(searchKinds(NODE_KINDS, '  ')).toHaveLength(NODE_KINDS.length);
  });

  it('puts titles starting with the query first, then words starting with it', () => {
    const titles = searchKinds(NODE_KINDS, 'ro').map((k) => k.title);
    expect(titles[0]).toBe('Rolling window');
    expect(titles.indexOf('Filter rows')).toBeLessThan(titles.indexOf('Drop missing'));
  });

  it('matches descriptions and needs every word', () => {
    expect(searchKinds(NODE_KINDS, 'duckdb select').map((k) => k.kind)).toContain('transform.sql');
    expect(searchKinds(NODE_KINDS, 'filter zzzz')).toEqual([]);
  });
});
