import type { ClassLabel, ModelMeta } from '../../shared/models';
import type { ModelHandle, TableHandle } from '../../shared/values';
import type { RunContext } from '../define-node-kind';
import { columnType, isNumericType, quoteIdent, quoteLiteral } from '../sql-util';

/** Column types a network can take as input: numbers, and booleans as 0/1. */
export function isFeatureType(type: string): boolean {
  return isNumericType(type) || type === 'BOOLEAN';
}

/** `CAST(col AS FLOAT)` for each column, in order. */
export function floatColumns(columns: readonly string[]): string {
  return columns.map((c) => `CAST(${quoteIdent(c)} AS FLOAT)`).join(', ');
}

/**
 * Throw, naming every offending column, when any of `columns` holds NULL, NaN or an
 * infinity: a network cannot take them, and TF.js would silently train on NaN. Counted in
 * one SQL pass; `advice` says which node fixes it.
 */
export async function requireComplete(
  ctx: RunContext,
  table: TableHandle,
  columns: readonly string[],
  what: string,
  advice: string,
): Promise<void> {
  if (!columns.length || table.rowCount === 0) return;
  const aggs = columns.map((c, i) => {
    const q = quoteIdent(c);
    const numeric = isNumericType(columnType(table, c) ?? '');
    const bad = numeric ? `count(*) FILTER (WHERE NOT isfinite(CAST(${q} AS DOUBLE)))` : '0';
    return `count(*) FILTER (WHERE ${q} IS NULL) AS n${i}, ${bad} AS f${i}`;
  });
  const [row = {}] = await ctx.sql.query(`SELECT ${aggs.join(', ')} FROM input`, { input: table });
  const problems: string[] = [];
  columns.forEach((c, i) => {
    const nulls = Number(row[`n${i}`] ?? 0);
    const nonFinite = Number(row[`f${i}`] ?? 0);
    const parts = [nulls ? `${nulls} NULL` : '', nonFinite ? `${nonFinite} NaN/infinite` : ''].filter(
      Boolean,
    );
    if (parts.length) problems.push(`"${c}" (${parts.join(', ')})`);
  });
  if (problems.length) throw new Error(`${what} with missing values: ${problems.join(', ')}. ${advice}`);
}

/**
 * Throw unless `table` has every feature column of the model, naming the missing ones, each
 * of a type the model takes.
 */
export function requireModelFeatures(table: TableHandle, meta: ModelMeta, input: string): void {
  const have = new Set(table.columns.map((c) => c.name));
  const missing = meta.features.filter((f) => !have.has(f));
  if (missing.length)
    throw new Error(
      `Input "${input}" lacks ${missing.length === 1 ? 'a feature column' : 'feature columns'} the model was trained on: ${missing.map((m) => `"${m}"`).join(', ')}.`,
    );
  for (const f of meta.features) {
    const type = columnType(table, f) ?? '';
    if (!isFeatureType(type))
      throw new Error(
        `Input "${input}": feature column "${f}" is ${type} here, but the model needs numbers.`,
      );
  }
}

/** A SQL literal of a class label in the target's own type, so comparisons are exact. */
export function labelLiteral(label: ClassLabel, targetType: string): string {
  if (typeof label === 'boolean') return label ? 'TRUE' : 'FALSE';
  if (typeof label === 'string') return quoteLiteral(label);
  // Through the string parser: a bare 0.1 is a DECIMAL, whose DOUBLE cast may be an ulp off.
  return `CAST(${quoteLiteral(String(label))} AS ${targetType})`;
}

/** `[label0, label1, …]` as a DuckDB list in the target's type. */
export function labelList(meta: Pick<ModelMeta, 'classes' | 'targetType'>): string {
  return `[${meta.classes.map((c) => labelLiteral(c, meta.targetType)).join(', ')}]`;
}

/**
 * Names of the probability columns, `prob_<label>`, one per class. Labels that DuckDB
 * would see as the same name (it ignores ASCII case) get a numeric suffix.
 */
export function probabilityColumns(classes: readonly ClassLabel[]): string[] {
  const used = new Set<string>(['prediction']);
  return classes.map((c) => {
    const base = `prob_${String(c)}`;
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * A binary model's decision: positive when P(positive) is at least `threshold`. The FLOAT
 * probability is compared as it is (0.6 as FLOAT is 0.60000002…); NaN is never positive.
 */
export function isPositive(p: number, threshold: number): boolean {
  return p >= threshold;
}

/**
 * This node's table for `port`: `data` with the model's `prediction` appended (the
 * predicted value, or the most probable class label in the target's type) and, for
 * classification, one `prob_<class>` column per class. Feature columns are checked
 * first: missing ones are named, and NULLs are refused except by trees (they route them).
 */
export async function appendPredictions(
  ctx: RunContext,
  model: ModelHandle,
  data: TableHandle,
  port: string,
  input = 'data',
  /** Binary models only: the probability from which a row is predicted positive. */
  threshold = 0.5,
): Promise<TableHandle> {
  const meta = model.meta;
  requireModelFeatures(data, meta, input);
  // Trees route missing values themselves (read as NaN); the other families need them filled.
  if (meta.family !== 'gbdt')
    await requireComplete(
      ctx,
      data,
      meta.features,
      `Input "${input}" has feature columns`,
      'Fill them the way the training data was filled: connect this data to the "apply" input of the Impute node used for training (or add Drop nulls).',
    );
  const x = await ctx.sql.readMatrix(`SELECT ${floatColumns(meta.features)} FROM input`, { input: data });
  const out = await ctx.models.predict(model.id, x.data, x.rows);
  const rows = x.rows;
  if (meta.task === 'regression') return ctx.sql.appendColumns(data, { prediction: out }, { port });

  const k = meta.classes.length;
  const probs = probabilityColumns(meta.classes);
  const columns: Record<string, Float32Array> = Object.create(null);
  const predicted = new Float32Array(rows);
  const perClass = probs.map(() => new Float32Array(rows));
  if (meta.task === 'binary') {
    const [neg, pos] = perClass as [Float32Array, Float32Array];
    for (let i = 0; i < rows; i++) {
      const p = out[i] as number;
      pos[i] = p;
      neg[i] = 1 - p;
      predicted[i] = isPositive(p, threshold) ? 1 : 0;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 0; c < k; c++) {
        const p = out[i * k + c] as number;
        (perClass[c] as Float32Array)[i] = p;
        if (p > (out[i * k + best] as number)) best = c;
      }
      predicted[i] = best;
    }
  }
  columns.prediction = predicted;
  probs.forEach((name, c) => {
    columns[name] = perClass[c] as Float32Array;
  });
  // The class index becomes its label, in the target's type, where it stands.
  return ctx.sql.appendColumns(data, columns, {
    port,
    select: `SELECT * REPLACE (list_extract(${labelList(meta)}, CAST(prediction AS INTEGER) + 1) AS prediction) FROM input`,
  });
}

/** "12 s", "3 min 5 s": an ETA for progress messages. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
