import type { TableHandle } from '../../shared/values';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { onehotReport } from '../reports';
import { columnType, quoteIdent, quoteLiteral, requireColumns, sqlValue } from '../sql-util';
import { assertNewColumns, numberOrNull } from './feature-util';

/** The vocabulary of one encoded column, fitted on `in`. */
export interface OnehotVocabulary {
  column: string;
  /** Kept categories (as text), most frequent first, ties by value. */
  categories: string[];
  /** Rows of `in` per kept category, in the same order. */
  counts: number[];
  /** Distinct non-NULL values in `in`. */
  distinct: number;
  /** True when `distinct` exceeded maxCategories: the rest share `<column>=__other`. */
  other: boolean;
}

/** Name of the indicator column for one category: `<column>=<value>`. */
export function onehotColumnName(column: string, value: string): string {
  return `${column}=${value}`;
}

/** Suffix value of the catch-all column, present only when the vocabulary was truncated. */
export const OTHER = '__other';

/**
 * Values are compared as text so that one vocabulary fits any column type and applies
 * to an `apply` table whose column type differs (e.g. integers read as VARCHAR).
 */
function asText(column: string): string {
  return `CAST(${quoteIdent(column)} AS VARCHAR)`;
}

/** Indicator expressions for one vocabulary, each `AS "<column>=<value>"`. */
function indicatorExprs(v: OnehotVocabulary): string[] {
  const exprs = v.categories.map(
    (c) => `CAST(CASE WHEN ${asText(v.column)} = ${quoteLiteral(c)} THEN 1 ELSE 0 END AS INTEGER)
      AS ${quoteIdent(onehotColumnName(v.column, c))}`,
  );
  if (v.other) {
    // NULL is no category: a missing value gets 0 everywhere, `__other` included.
    const known = v.categories.map(quoteLiteral).join(', ');
    exprs.push(`CAST(CASE WHEN ${quoteIdent(v.column)} IS NOT NULL AND ${asText(v.column)} NOT IN (${known})
      THEN 1 ELSE 0 END AS INTEGER) AS ${quoteIdent(onehotColumnName(v.column, OTHER))}`);
  }
  return exprs;
}

/**
 * `SELECT` over `input` (whose columns are `table`'s) that swaps each encoded column for
 * its indicators at the same position, so the rest of the table keeps its layout.
 */
function encodeSql(table: TableHandle, vocab: readonly OnehotVocabulary[]): string {
  const byColumn = new Map(vocab.map((v) => [v.column, v]));
  const items = table.columns.flatMap((c) => {
    const v = byColumn.get(c.name);
    return v ? indicatorExprs(v) : [quoteIdent(c.name)];
  });
  if (!items.length)
    throw new Error('No columns would be left: every column is encoded and none has a category.');
  return `SELECT ${items.join(',\n  ')} FROM input`;
}

/** Throw if an indicator name equals a column `table` keeps (or another indicator). */
function checkNames(table: TableHandle, vocab: readonly OnehotVocabulary[]): void {
  const encoded = new Set(vocab.map((v) => v.column));
  const kept = new Set(table.columns.map((c) => c.name).filter((c) => !encoded.has(c)));
  const added = vocab.flatMap((v) => [
    ...v.categories.map((c) => onehotColumnName(v.column, c)),
    ...(v.other ? [onehotColumnName(v.column, OTHER)] : []),
  ]);
  assertNewColumns(table, added, kept);
}

export default defineNodeKind({
  kind: 'features.onehot',
  version: 1,
  title: 'One-hot encode',
  category: 'Features',
  role: 'fitted',
  description:
    'Replaces each chosen column with 0/1 INTEGER columns named <column>=<value>, one per category seen in `in` (the most frequent maxCategories; the rest go to <column>=__other). `apply` gets the same columns; categories it has that `in` lacked count as __other, or as all zeros when there is no __other.',
  inputs: { in: { type: 'table', label: 'fit on' }, apply: { type: 'table', optional: true } },
  outputs: { out: { type: 'table' }, applied: { type: 'table', optional: true } },
  params: {
    columns: param.columns('Columns', {
      help: 'Empty = every text (VARCHAR) column but the target of a model downstream.',
    }),
    maxCategories: param.number('Max categories', 50, {
      min: 1,
      max: 1000,
      int: true,
      help: 'Per column; rarer categories share one __other column.',
    }),
  },
  report: onehotReport,
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    // A text target (multiclass labels) is never encoded by default: the model would lose
    // the column it predicts. Named explicitly, it is encoded, with a warning.
    const columns = params.columns.length
      ? [...new Set(params.columns)]
      : inputs.in.columns
          .filter((c) => c.type === 'VARCHAR' && !ctx.targets.includes(c.name))
          .map((c) => c.name);
    for (const t of ctx.targets)
      if (params.columns.includes(t))
        ctx.warn(
          `Column "${t}" is the target of a model downstream and is encoded because "columns" names it; remove it there unless that is what you want.`,
        );
    const leftAlone = params.columns.length
      ? []
      : ctx.targets.filter((t) => columnType(inputs.in, t) === 'VARCHAR');
    if (inputs.apply) requireColumns(inputs.apply, columns, 'columns', 'apply');

    // One query fits every vocabulary: per column, the top categories by frequency (ties
    // by value), ranked by DuckDB so the tie order is its collation, not JS's.
    const vocab: OnehotVocabulary[] = columns.map((column) => ({
      column,
      categories: [],
      counts: [],
      distinct: 0,
      other: false,
    }));
    if (columns.length) {
      const per = columns.map(
        (c, i) =>
          `SELECT ${i} AS k, ${asText(c)} AS v, count(*) AS n FROM input WHERE ${quoteIdent(c)} IS NOT NULL GROUP BY v`,
      );
      const rows = await ctx.sql.query(
        `SELECT k, v, n, r, d FROM (
  SELECT *, row_number() OVER (PARTITION BY k ORDER BY n DESC, v) AS r, count(*) OVER (PARTITION BY k) AS d
  FROM (${per.join('\nUNION ALL ')})
) WHERE r <= ${sqlValue(params.maxCategories)}`,
        { input: inputs.in },
      );
      rows.sort((a, b) => Number(a.k) - Number(b.k) || Number(a.r) - Number(b.r));
      for (const row of rows) {
        const v = vocab[Number(row.k)];
        if (!v) continue;
        v.categories.push(String(row.v));
        v.counts.push(numberOrNull(row.n) ?? 0);
        v.distinct = numberOrNull(row.d) ?? 0;
        v.other = v.distinct > params.maxCategories;
      }
    }
    checkNames(inputs.in, vocab);
    if (inputs.apply) checkNames(inputs.apply, vocab);
    ctx.report({
      fitted: {
        kind: 'onehot',
        maxCategories: params.maxCategories,
        columns: vocab,
        ...(leftAlone.length ? { targetsLeftAlone: leftAlone } : {}),
      },
    });
    return {
      out: await ctx.sql.createTable(encodeSql(inputs.in, vocab), { input: inputs.in }),
      applied: inputs.apply
        ? await ctx.sql.createTable(encodeSql(inputs.apply, vocab), { input: inputs.apply }, 'applied')
        : undefined,
    };
  },
});
