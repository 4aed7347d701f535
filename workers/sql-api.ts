import type { SqlApi } from '../src/nodes/define-node-kind';
import { quoteIdent, stripTrailingSemicolons } from '../src/nodes/sql-util';
import type { ColumnInfo, TableHandle } from '../src/shared/values';
import type { DuckBackend } from './duck-backend';

/** DuckDB table that holds a node's output port: named after the node. */
export function outputTableName(nodeId: string, port: string): string {
  return `pw_${nodeId}_${port}`;
}

/**
 * Wrap `select` so that each binding is a CTE (`input`, `input2`, …) over the bound table.
 * The query goes in a subquery so it may have its own WITH clause; the newline before the
 * closing parenthesis keeps a trailing `-- comment` from swallowing it.
 */
export function withBindings(select: string, bindings: Record<string, TableHandle | undefined> = {}): string {
  const ctes = Object.entries(bindings)
    .filter((entry): entry is [string, TableHandle] => entry[1] !== undefined)
    .map(([alias, handle]) => `${quoteIdent(alias)} AS (SELECT * FROM ${quoteIdent(handle.table)})`);
  const body = `SELECT * FROM (\n${stripTrailingSemicolons(select)}\n)`;
  return ctes.length ? `WITH ${ctes.join(', ')}\n${body}` : body;
}

/** Read a table's schema and row count into a handle. */
export async function describeTable(duck: DuckBackend, table: string): Promise<TableHandle> {
  const described = await duck.query(`DESCRIBE ${quoteIdent(table)}`);
  const columns: ColumnInfo[] = described.toArray().map((row) => {
    const r = row.toJSON() as { column_name: string; column_type: string };
    return { name: r.column_name, type: r.column_type };
  });
  const counted = await duck.query(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(table)}`);
  const rowCount = Number(counted.get(0)?.toJSON().n ?? 0);
  return { type: 'table', table, columns, rowCount };
}

/** Convert Arrow values that JS code handles poorly (bigint) into plain numbers. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** The `ctx.sql` a node kind gets: every table it creates is named after the node. */
export function createSqlApi(duck: DuckBackend, nodeId: string): SqlApi {
  return {
    async createTable(select, bindings, port = 'out') {
      const table = outputTableName(nodeId, port);
      await duck.query(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${withBindings(select, bindings)}`);
      return describeTable(duck, table);
    },
    async query(select, bindings) {
      const result = await duck.query(withBindings(select, bindings));
      return result.toArray().map((row) => {
        const obj = row.toJSON() as Record<string, unknown>;
        for (const key of Object.keys(obj)) obj[key] = plain(obj[key]);
        return obj;
      });
    },
  };
}
