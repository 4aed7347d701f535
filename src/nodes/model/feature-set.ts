import type { TableHandle } from '../../shared/values';
import { requireColumns } from '../sql-util';
import { isFeatureType } from './model-util';

/** Dates, times and intervals: numbers to DuckDB, but no model should read them raw. */
export function isTimeType(type: string): boolean {
  return /^(DATE|TIME|TIMESTAMP|INTERVAL)\b|^TIMESTAMP_/.test(type);
}

/** The columns a model trains on, and what the default set left out and why. */
export interface FeatureSet {
  features: string[];
  /** Date/time columns the default set did not use (the user is told, with the fix). */
  skippedTime: string[];
  /** Other columns the default set did not use (text, lists …): encode them first. */
  skippedOther: string[];
}

/**
 * The feature columns of a model. `features` empty means every usable column (numbers, and
 * booleans as 0/1) but the target and `exclude`, so adding a column to `exclude` never turns
 * "all columns" into one column. Throws, naming the param, on a missing or unusable column.
 */
export function resolveFeatureSet(
  table: TableHandle,
  target: string,
  features: readonly string[],
  exclude: readonly string[],
): FeatureSet {
  requireColumns(table, exclude, 'exclude', 'train');
  const excluded = new Set([...exclude, target]);
  const skippedTime: string[] = [];
  const skippedOther: string[] = [];
  let chosen: string[];
  if (features.length) {
    chosen = [...new Set(features)];
    requireColumns(table, chosen, 'features', 'train');
    if (chosen.includes(target))
      throw new Error(`Param "features": "${target}" is the target; it cannot also be a feature.`);
    chosen = chosen.filter((c) => !excluded.has(c));
  } else {
    chosen = [];
    for (const c of table.columns) {
      if (excluded.has(c.name)) continue;
      if (isFeatureType(c.type)) chosen.push(c.name);
      else if (isTimeType(c.type)) skippedTime.push(c.name);
      else skippedOther.push(c.name);
    }
  }
  for (const f of chosen) {
    const type = table.columns.find((c) => c.name === f)?.type ?? '';
    if (!isFeatureType(type))
      throw new Error(
        isTimeType(type)
          ? `Param "features": column "${f}" is ${type}: expand it with Transform › Time features (hour, day of week …) and use those, or leave it out.`
          : `Param "features": column "${f}" is ${type}, not numeric: one-hot or target encode it first, or leave it out.`,
      );
  }
  if (!chosen.length)
    throw new Error(
      'No numeric or boolean feature columns besides the target: choose "features" or encode text columns first.',
    );
  return { features: chosen, skippedTime, skippedOther };
}

/** The warning for date/time columns the default feature set left out, naming them and the fix. */
export function skippedTimeWarning(columns: readonly string[]): string {
  const names = columns.map((c) => `"${c}"`).join(', ');
  return `Not used as features: ${names} (date/time). Add Transform › Time features to turn ${columns.length === 1 ? 'it' : 'them'} into hour, day of week … columns, or list ${columns.length === 1 ? 'it' : 'them'} under "Exclude" to silence this.`;
}
