import { describe, expect, it } from 'vitest';
import { explainSqlError } from './lockdown';

describe('explainSqlError', () => {
  it('says plainly when DuckDB ran out of memory, with its limit', () => {
    const raw =
      'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)\nDatabase is launched in in-memory mode and no temporary directory is specified.';
    const message = explainSqlError(raw);
    expect(message).toMatch(
      /^Out of memory: this needs more than the 3\.1 GiB DuckDB can hold in this browser tab\. .*smaller or sampled file/,
    );
    expect(message).toContain(
      '(Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used))',
    );
  });
  it('leaves other errors alone', () => {
    expect(explainSqlError('Binder Error: column "x" not found')).toBe('Binder Error: column "x" not found');
  });
});
