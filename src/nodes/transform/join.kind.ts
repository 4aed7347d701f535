import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { freshColumnName, quoteIdent, requireColumns } from '../sql-util';

const HOW = { inner: 'INNER', left: 'LEFT', right: 'RIGHT', full: 'FULL OUTER' } as const;

const onSchema = z
  .union([z.array(z.string()), z.object({ left: z.array(z.string()), right: z.array(z.string()) })])
  .default([]);

export default defineNodeKind({
  kind: 'transform.join',
  version: 1,
  title: 'Join',
  category: 'Transform',
  description:
    'Joins `left` and `right` on key columns. With a list of names (same on both sides) each key ' +
    'appears once, as with USING (a full join fills it from whichever side has it). With ' +
    '{left: [...], right: [...]} both sides keep all columns and right columns whose names are taken ' +
    'get a `_right` suffix. NULL keys never match. Rows keep left order, then right order.',
  inputs: { left: { type: 'table' }, right: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    on: param.json('Join on', onSchema, {
      help: 'e.g. ["sensor_id"], or {"left": ["id"], "right": ["sensor_id"]}.',
    }),
    how: param.select('Join type', ['inner', 'left', 'right', 'full'], 'inner'),
  },
  run: async ({ inputs, params, ctx }) => {
    const { left, right } = inputs;
    const using = Array.isArray(params.on);
    const leftKeys = Array.isArray(params.on) ? params.on : params.on.left;
    const rightKeys = Array.isArray(params.on) ? params.on : params.on.right;
    if (!leftKeys.length) throw new Error('Param "on": name at least one key column.');
    if (leftKeys.length !== rightKeys.length)
      throw new Error(
        `Param "on": ${leftKeys.length} left key(s) but ${rightKeys.length} right key(s); pair them up.`,
      );
    requireColumns(left, leftKeys, using ? 'on' : 'on.left', 'left');
    requireColumns(right, rightKeys, using ? 'on' : 'on.right', 'right');

    // Row numbers on both sides give the result a stable order (joins do not keep one),
    // so what comes after (e.g. a seeded random split) sees the same rows every run.
    const lRow = quoteIdent(freshColumnName(left, '__pw_lrow'));
    const rRow = quoteIdent(freshColumnName(right, '__pw_rrow'));
    const L = (c: string) => `l.${quoteIdent(c)}`;
    const R = (c: string) => `r.${quoteIdent(c)}`;

    const items: string[] = [];
    const taken = new Set<string>();
    const take = (name: string) => taken.add(name.toLowerCase());
    const isKey = new Set(using ? leftKeys : []);
    if (using)
      for (const k of leftKeys) {
        // Which side's key survives depends on which side is kept, as with SQL's USING.
        const expr =
          params.how === 'full' ? `COALESCE(${L(k)}, ${R(k)})` : params.how === 'right' ? R(k) : L(k);
        items.push(`${expr} AS ${quoteIdent(k)}`);
        take(k);
      }
    for (const c of left.columns)
      if (!isKey.has(c.name)) {
        items.push(`${L(c.name)} AS ${quoteIdent(c.name)}`);
        take(c.name);
      }
    for (const c of right.columns) {
      if (isKey.has(c.name)) continue;
      let name = c.name;
      // DuckDB names are case-insensitive, so "ID" collides with "id" as well.
      while (taken.has(name.toLowerCase())) name = `${name}_right`;
      take(name);
      items.push(`${R(c.name)} AS ${quoteIdent(name)}`);
    }

    const condition = leftKeys.map((k, i) => `${L(k)} = ${R(rightKeys[i] as string)}`).join(' AND ');
    return {
      out: await ctx.sql.createTable(
        `SELECT ${items.join(', ')}
         FROM (SELECT *, row_number() OVER () AS ${lRow} FROM lhs) AS l
         ${HOW[params.how]} JOIN (SELECT *, row_number() OVER () AS ${rRow} FROM rhs) AS r ON ${condition}
         ORDER BY l.${lRow} NULLS LAST, r.${rRow}`,
        { lhs: left, rhs: right },
      ),
    };
  },
});
