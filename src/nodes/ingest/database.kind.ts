import { defineNodeKind } from '../define-node-kind';
import { param } from '../params';
import { readOnlyQueryProblem, tableParts } from './database-query';

/** What the node says in the browser, where no database can be reached. */
export const BROWSER_DATABASE_MESSAGE =
  'Database sources run in the command-line runner (npx pipewright run …): a browser tab cannot open a database connection. Here, export the table from the database as CSV or Parquet and drop that file on the canvas instead.';

export default defineNodeKind({
  kind: 'ingest.database',
  version: 1,
  title: 'Database',
  category: 'Ingest',
  description:
    'Reads a PostgreSQL table, or the rows of one read-only SELECT, into a table in batches, with column types mapped. Runs in the command-line runner; the connection string comes from an environment variable, so no secret is in the pipeline file.',
  inputs: {},
  outputs: { out: { type: 'table' } },
  // The database changes under the same params: read it again every run.
  deterministic: false,
  params: {
    connectionEnv: param.text('Connection variable', 'PG_URL', {
      help: 'The environment variable holding the connection string (postgres://user:password@host:port/database). Only its name is saved in the pipeline.',
    }),
    table: param.text('Table', '', { help: 'table or schema.table, read whole. Leave empty to run Query.' }),
    query: param.text('Query', '', { help: 'One read-only SELECT, run when Table is empty.' }),
    batchRows: param.number('Rows per batch', 10_000, { min: 1, max: 1_000_000, int: true }),
  },
  subtitle: (p) => `${p.table || (p.query ? 'query' : 'no table chosen')} · $${p.connectionEnv}`,
  run: async ({ params, ctx }) => {
    if (!ctx.databases) throw new Error(BROWSER_DATABASE_MESSAGE);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(params.connectionEnv))
      throw new Error(
        `Connection variable "${params.connectionEnv}" is not an environment variable name (letters, digits, _).`,
      );
    const table = params.table.trim();
    const query = params.query.trim();
    if (table && query) throw new Error('Give either Table or Query, not both.');
    if (!table && !query) throw new Error('Name a table, or write a read-only SELECT in Query.');
    if (table && !tableParts(table)) throw new Error(`Table "${table}": expected table or schema.table.`);
    const problem = query ? readOnlyQueryProblem(query) : undefined;
    if (problem) throw new Error(problem);
    ctx.progress(0, 'reading from the database');
    const out = await ctx.databases.read({
      connectionEnv: params.connectionEnv,
      table,
      query,
      batchRows: params.batchRows,
    });
    return { out };
  },
});
