import type { ModelMeta } from '../../shared/models';
import { doubleLiteral } from '../features/feature-util';
import { quoteIdent, sqlValue } from '../sql-util';
import { lowerIsBetter } from './scores';

export type Cell = string | number | boolean | null;

/**
 * A SELECT producing `rows` as a typed table: every column cast to its type (a column of
 * NULLs would otherwise have none). Numbers go through their text form so DOUBLEs stay exact.
 */
export function valuesSelect(
  columns: readonly { name: string; type: 'VARCHAR' | 'DOUBLE' | 'BOOLEAN' }[],
  rows: readonly Cell[][],
): string {
  const literal = (v: Cell) =>
    typeof v === 'number' ? (Number.isFinite(v) ? doubleLiteral(v) : 'NULL') : sqlValue(v);
  const list = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ');
  const names = columns.map((_, i) => `c${i}`).join(', ');
  if (!rows.length)
    return `SELECT ${list} FROM (SELECT ${columns.map((_, i) => `NULL AS c${i}`).join(', ')}) WHERE false`;
  const values = rows.map((r) => `(${columns.map((_, i) => literal(r[i] ?? null)).join(', ')})`).join(', ');
  return `SELECT ${list} FROM (VALUES ${values}) v(${names})`;
}

/**
 * For each metric column, the index of the row with the best value among `ranked` rows
 * (higher is better unless the metric is an error); null for columns that are not metrics.
 */
export function bestRows(
  columns: readonly string[],
  rows: readonly Cell[][],
  metrics: readonly string[],
  ranked: number,
): (number | null)[] {
  return columns.map((name, c) => {
    if (!metrics.includes(name)) return null;
    let best: number | null = null;
    for (let r = 0; r < Math.min(ranked, rows.length); r++) {
      const v = rows[r]?.[c];
      if (typeof v !== 'number') continue;
      const b = best === null ? undefined : rows[best]?.[c];
      if (typeof b !== 'number' || (lowerIsBetter(name) ? v < b : v > b)) best = r;
    }
    return best;
  });
}

/** A short description of a model's settings, for tables that list several. */
export function describeModel(meta: ModelMeta): string {
  const s = meta.spec;
  if (s.family === 'gbdt') return `trees: ${s.rounds} rounds, lr ${s.learningRate}, depth ${s.maxDepth}`;
  if (s.family === 'linear') return `${meta.task === 'regression' ? 'ridge' : 'logistic'}, l2 ${s.l2}`;
  return `neural net: ${s.layers.map((l) => l.units).join('-') || 'no hidden layers'}, ${s.epochs} epochs`;
}
