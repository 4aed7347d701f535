import { z } from 'zod';
import { defineNodeKind } from '../define-node-kind';
import { columnRecord, param } from '../params';
import { quoteIdent, requireColumns } from '../sql-util';

export default defineNodeKind({
  kind: 'clean.select',
  version: 1,
  title: 'Select columns',
  category: 'Clean',
  description: 'Keeps the chosen columns in the order given (empty: all) and renames columns old → new.',
  inputs: { in: { type: 'table' } },
  outputs: { out: { type: 'table' } },
  params: {
    columns: param.columns('Keep', { help: 'In output order. Empty: every column.' }),
    rename: param.json('Rename', columnRecord(z.string().min(1, 'must not be empty')).default({}), {
      help: 'Old name → new name.',
    }),
  },
  run: async ({ inputs, params, ctx }) => {
    requireColumns(inputs.in, params.columns, 'columns');
    // A Map, not the record: a column called "constructor" must not find Object's method.
    const renames = new Map(Object.entries(params.rename));
    requireColumns(inputs.in, [...renames.keys()], 'rename');
    const kept = params.columns.length ? params.columns : inputs.in.columns.map((c) => c.name);
    const keptSet = new Set(kept);
    for (const old of renames.keys())
      if (!keptSet.has(old)) throw new Error(`Param "rename": column "${old}" is renamed but not kept.`);
    // DuckDB would silently rename a clash (identifiers are case-insensitive), so refuse it
    // here, naming the param that caused it.
    const seen = new Set<string>();
    const items = kept.map((name) => {
      const to = renames.get(name) ?? name;
      if (seen.has(to.toLowerCase()))
        throw new Error(
          `Param "${renames.has(name) ? 'rename' : 'columns'}": two output columns would be named "${to}".`,
        );
      seen.add(to.toLowerCase());
      return to === name ? quoteIdent(name) : `${quoteIdent(name)} AS ${quoteIdent(to)}`;
    });
    return {
      out: await ctx.sql.createTable(`SELECT ${items.join(', ')} FROM input`, { input: inputs.in }),
    };
  },
});
