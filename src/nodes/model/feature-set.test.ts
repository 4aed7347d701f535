import { describe, expect, it } from 'vitest';
import type { TableHandle } from '../../shared/values';
import { resolveFeatureSet, skippedTimeWarning } from './feature-set';

const table = {
  type: 'table',
  table: 't',
  rowCount: 3,
  columns: [
    { name: 'age', type: 'BIGINT' },
    { name: 'smoker', type: 'BOOLEAN' },
    { name: 'city', type: 'VARCHAR' },
    { name: 'visited', type: 'DATE' },
    { name: 'at', type: 'TIMESTAMP' },
    { name: 'label', type: 'INTEGER' },
  ],
} as TableHandle;

describe('resolveFeatureSet', () => {
  it('defaults to every numeric and boolean column but the target; dates and text are named as left out', () => {
    expect(resolveFeatureSet(table, 'label', [], [])).toEqual({
      features: ['age', 'smoker'],
      skippedTime: ['visited', 'at'],
      skippedOther: ['city'],
    });
  });

  it('an exception removes that one column from "all" (never leaves only it)', () => {
    expect(resolveFeatureSet(table, 'label', [], ['age', 'visited']).features).toEqual(['smoker']);
    expect(resolveFeatureSet(table, 'label', [], ['age', 'visited']).skippedTime).toEqual(['at']);
  });

  it('refuses a date column chosen as a feature, saying how to expand it', () => {
    expect(() => resolveFeatureSet(table, 'label', ['visited'], [])).toThrow(
      'Param "features": column "visited" is DATE: expand it with Transform › Time features',
    );
  });

  it('refuses an unknown exception and the target as a feature', () => {
    expect(() => resolveFeatureSet(table, 'label', [], ['agee'])).toThrow(/exclude/);
    expect(() => resolveFeatureSet(table, 'label', ['label'], [])).toThrow(/is the target/);
  });

  it('names the date columns it left out in the warning', () => {
    expect(skippedTimeWarning(['visited', 'at'])).toMatch(
      /^Not used as features: "visited", "at" \(date\/time\)/,
    );
  });
});
