import { describe, expect, it } from 'vitest';
import { featureSetView } from './feature-set-view';

const columns = [
  { name: 'age', type: 'BIGINT' },
  { name: 'smoker', type: 'BOOLEAN' },
  { name: 'city', type: 'VARCHAR' },
  { name: 'visited', type: 'DATE' },
  { name: 'label', type: 'INTEGER' },
];

describe('featureSetView', () => {
  it('reads an empty list as all usable columns but the target, booleans included', () => {
    const v = featureSetView({ features: [], exclude: [], target: 'label' }, columns);
    expect(v.mode).toBe('all');
    expect(v.summary).toBe('All usable columns except label (target) · 2 columns');
    expect(v.switchToOnly).toEqual(['age', 'smoker']);
  });

  it('excepting one column keeps every other column (never flips to that one column)', () => {
    const v = featureSetView({ features: [], exclude: ['age'], target: 'label' }, columns);
    expect(v.mode).toBe('all');
    expect(v.summary).toBe('All usable columns except label (target), age · 1 column');
    expect(v.addable).not.toContain('age');
    expect(v.addable).not.toContain('label');
  });

  it('switching to "only these" and back keeps the same columns', () => {
    const only = featureSetView({ features: ['smoker'], exclude: [], target: 'label' }, columns);
    expect(only.mode).toBe('only');
    expect(only.switchToAll).toEqual(['age']);
    expect(only.addable).toEqual(['age']);
  });

  it('flags listed names that are not upstream, and nothing while columns are unknown', () => {
    expect(featureSetView({ features: [], exclude: ['agee'], target: 'label' }, columns).problem).toBe(
      'Not in the input: "agee".',
    );
    expect(featureSetView({ features: [], exclude: ['agee'], target: 'label' }, []).problem).toBeUndefined();
  });
});
