import { type Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import type { Matrix, SqlApi } from '../src/nodes/define-node-kind';
import { identList, quoteIdent, stripTrailingSemicolons } from '../src/nodes/sql-util';
import type { ColumnInfo, TableHandle } from '../src/shared/values';
import { arrowRows } from './arrow-rows';
import type { DuckBackend } from './duck-backend';
import { outputTableName } from './internal-names';
import { checkPlan, checkUserText, placement, userSqlError } from './user-sql';

export { OUTPUT_TABLE_PREFIX, outputTableName } from './internal-names';

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
  const columns: ColumnInfo[] = arrowRows(described).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
  const counted = await duck.query(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(table)}`);
  const rowCount = Number(arrowRows(counted)[0]?.n ?? 0);
  return { type: 'table', table, columns, rowCount };
}

/**
 * Copy an Arrow result whose columns are all FLOAT into one row-major Float32Array,
 * reading each record batch's typed array directly. NULLs become NaN.
 */
export function arrowToRowMajor(result: Table): Matrix {
  const rows = result.numRows;
  const k = result.numCols;
  const data = new Float32Array(rows * k);
  for (let c = 0; c < k; c++) {
    const column = result.getChildAt(c);
    if (!column) continue;
    let r0 = 0;
    for (const chunk of column.data) {
      const values = chunk.values as Float32Array;
      if (!(values instanceof Float32Array))
        throw new Error(`readMatrix: column ${c} came back as ${chunk.type}, not FLOAT.`);
      const n = chunk.length;
      if (chunk.nullCount > 0) {
        for (let i = 0; i < n; i++)
          data[(r0 + i) * k + c] = chunk.getValid(i) ? (values[i] as number) : Number.NaN;
      } else {
        for (let i = 0; i < n; i++) data[(r0 + i) * k + c] = values[i] as number;
      }
      r0 += n;
    }
  }
  return { data, rows, columns: result.schema.fields.map((f) => f.name) };
}

/** The `ctx.sql` a node kind gets: every table it creates is named after the node. */
export function createSqlApi(duck: DuckBackend, nodeId: string): SqlApi {
  return {
    async createTable(select, bindings, port = 'out') {
      const table = outputTableName(nodeId, port);
      await duck.query(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${withBindings(select, bindings)}`);
      return describeTable(duck, table);
    },
    async createUserTable(user, compose, bindings, port = 'out') {
      const bound = Object.entries(bindings).filter((e): e is [string, TableHandle] => e[1] !== undefined);
      const text = await checkUserText(
        duck,
        user,
        bound.map(([alias]) => alias),
      );
      const select = withBindings(compose(text), bindings);
      await checkPlan(
        duck,
        select,
        bound.map(([, handle]) => handle.table),
        user,
        text,
      );
      const table = outputTableName(nodeId, port);
      const statement = `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${select}`;
      try {
        await duck.query(statement);
      } catch (err) {
        throw userSqlError(err, user, text, placement(statement, text));
      }
      return describeTable(duck, table);
    },
    async query(select, bindings) {
      return arrowRows(await duck.query(withBindings(select, bindings)));
    },
    async readMatrix(select, bindings) {
      // COLUMNS(*) casts every column whatever its name; the aliases keep the names.
      const inner = withBindings(select, bindings);
      const described = await duck.query(`DESCRIBE ${inner}`);
      const names = arrowRows(described).map((row) => String(row.column_name));
      const casts = names.map((n) => `CAST(${quoteIdent(n)} AS FLOAT) AS ${quoteIdent(n)}`).join(', ');
      if (!names.length) return { data: new Float32Array(0), rows: 0, columns: [] };
      return arrowToRowMajor(await duck.query(`SELECT ${casts} FROM (${inner})`));
    },
    async appendColumns(table, columns, options = {}) {
      const port = options.port ?? 'out';
      const names = Object.keys(columns);
      for (const [name, values] of Object.entries(columns))
        if (values.length !== table.rowCount)
          throw new Error(`appendColumns: "${name}" has ${values.length} values for ${table.rowCount} rows.`);
      const out = outputTableName(nodeId, port);
      const temp = `${out}__append`;
      await duck.query(`DROP TABLE IF EXISTS ${quoteIdent(temp)}`);
      await duck.insertArrow(tableToIPC(tableFromArrays(columns), 'stream'), temp);
      try {
        // DuckDB compares names ignoring ASCII case; a clash would be renamed silently.
        const added = new Set(names.map((n) => n.toLowerCase()));
        const replaced = table.columns.map((c) => c.name).filter((n) => added.has(n.toLowerCase()));
        const kept =
          replaced.length === table.columns.length
            ? []
            : [replaced.length ? `t.* EXCLUDE (${identList(replaced)})` : 't.*'];
        const joined = `SELECT ${[...kept, 'p.*'].join(', ')} FROM ${quoteIdent(table.table)} t POSITIONAL JOIN ${quoteIdent(temp)} p`;
        const body = options.select
          ? `WITH input AS (${joined})\nSELECT * FROM (\n${stripTrailingSemicolons(options.select)}\n)`
          : joined;
        await duck.query(`CREATE OR REPLACE TABLE ${quoteIdent(out)} AS ${body}`);
      } finally {
        await duck.query(`DROP TABLE IF EXISTS ${quoteIdent(temp)}`);
      }
      return describeTable(duck, out);
    },
  };
}
