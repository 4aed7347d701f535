import { describe, expect, it } from 'vitest';
import { messageOf, summarize } from './summarize';

describe('summarize', () => {
  it('keeps shapes and metrics, never table names or models', () => {
    expect(
      summarize({
        out: { type: 'table', table: 't_1', rowCount: 3, columns: [{ name: 'x', type: 'INTEGER' }] },
        metrics: { type: 'metrics', values: { accuracy: 0.9 } },
      }),
    ).toEqual({
      out: { type: 'table', rowCount: 3, columns: [{ name: 'x', type: 'INTEGER' }] },
      metrics: { type: 'metrics', values: { accuracy: 0.9 } },
    });
  });
});

describe('messageOf', () => {
  it('shows plain errors as their message', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('text')).toBe('text');
  });
});
