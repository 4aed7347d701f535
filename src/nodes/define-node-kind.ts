import { z } from 'zod';
import type { PortType } from '../shared/graph-types';
import type { ModelSpec, TrainData, TrainHooks, TrainResult } from '../shared/models';
import type { ExportFormat, NodeReport } from '../shared/protocol';
import type { MetricsValue, ModelHandle, PortValue, TableHandle } from '../shared/values';
import type { ParamSpec } from './params';
import type { ReportParts } from './reports';

export type Category =
  | 'Ingest'
  | 'Clean'
  | 'Validate'
  | 'Transform'
  | 'Features'
  | 'Model'
  | 'Monitor'
  | 'Visualize'
  | 'Export';

export interface PortSpec {
  type: PortType;
  /**
   * Input: may be left unconnected (`run` gets undefined). Output: `run` may leave it out,
   * e.g. `applied` exists only when `apply` is connected; an edge from an absent output
   * fails its target with a message saying so.
   */
  optional?: boolean;
  label?: string;
}

type ValueOf<T extends PortType> = T extends 'table'
  ? TableHandle
  : T extends 'model'
    ? ModelHandle
    : MetricsValue;
type InputValues<I extends Record<string, PortSpec>> = {
  [K in keyof I]: I[K]['optional'] extends true ? ValueOf<I[K]['type']> | undefined : ValueOf<I[K]['type']>;
};
/** Required outputs must be returned; an optional output (e.g. `applied`) may be left out. */
type OutputValues<O extends Record<string, PortSpec>> = {
  [K in keyof O as O[K]['optional'] extends true ? never : K]: ValueOf<O[K]['type']>;
} & {
  [K in keyof O as O[K]['optional'] extends true ? K : never]?: ValueOf<O[K]['type']>;
};
export type ParamsOf<P extends Record<string, ParamSpec>> = { [K in keyof P]: z.output<P[K]['schema']> };

/** Options for reading a user file; the runtime knows how each format gets into DuckDB. */
export interface FileReadOptions {
  format: 'csv' | 'tsv' | 'parquet' | 'json' | 'arrow' | 'duckdb';
  delimiter: string;
  header: boolean;
  /** For a DuckDB database file: the table to read (`table` or `schema.table`; '' = its only table). */
  table?: string;
}

/** Text the user wrote that becomes part of a query: SQL node's query, Filter's condition. */
export interface UserSql {
  text: string;
  /** The param it came from, named in every message about it. */
  param: string;
  /** One SELECT query, or one expression (e.g. a boolean condition). */
  as: 'select' | 'expression';
}

/** The SQL engine as a node kind sees it. Every statement is DuckDB SQL. */
export interface SqlApi {
  /**
   * Like `createTable`, for a query that embeds user-written SQL: `compose(text)` builds the
   * SELECT around the user's text. It runs only when DuckDB's parser finds exactly one
   * SELECT (or one expression) that reads no table but `bindings` and calls no table
   * function that reads files or the catalog; otherwise it throws a message naming
   * `user.param`, with positions counted in the user's own text.
   */
  createUserTable(
    user: UserSql,
    compose: (text: string) => string,
    bindings: Record<string, TableHandle | undefined>,
    port?: string,
  ): Promise<TableHandle>;
  /**
   * Materialise `select` as this node's table for output `port`. `bindings` become CTE
   * names visible to the query (e.g. `input`), so user SQL never names internal tables.
   */
  createTable(
    select: string,
    bindings?: Record<string, TableHandle | undefined>,
    port?: string,
  ): Promise<TableHandle>;
  /** Run a query expected to return few rows (stats, checks) and give them as objects. */
  query(
    select: string,
    bindings?: Record<string, TableHandle | undefined>,
  ): Promise<Record<string, unknown>[]>;
  /**
   * Read every column of `select` as FLOAT into one row-major matrix, straight from Arrow
   * vectors (no per-row objects): the way feature matrices reach the training runtime.
   * Rows keep the query's order. NULLs read as NaN, so check for them in SQL first.
   */
  readMatrix(select: string, bindings?: Record<string, TableHandle | undefined>): Promise<Matrix>;
  /**
   * Create this node's table for `port` from `table` with `columns` appended positionally
   * (row i of each array belongs to row i of `table`, in scan order). A column of `table`
   * with the same name (as DuckDB compares names) is replaced. `select`, if given, runs
   * over the joined rows bound as `input` (e.g. to map class indices to labels).
   */
  appendColumns(
    table: TableHandle,
    columns: Record<string, Float32Array>,
    options?: { port?: string; select?: string },
  ): Promise<TableHandle>;
}

/** A dense float matrix, row-major: value (r, c) is `data[r * columns.length + c]`. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  /** Column names of the query, in order. */
  columns: string[];
}

/**
 * Trained models, held by the training runtime (a worker of its own in the browser) and
 * referenced by id, so kinds never import TF.js. A model lives until the engine evicts
 * the cached result that holds its handle.
 */
export interface ModelApi {
  /**
   * Build and fit a model of `spec.family` (a network when absent). The run's `signal`
   * stops it (the promise then rejects).
   * `data`'s buffers are transferred to the runtime: do not use them afterwards.
   */
  train(spec: ModelSpec, data: TrainData, hooks?: TrainHooks): Promise<TrainResult>;
  /**
   * Model outputs for `rows` rows of `x` (row-major, the model's features in order):
   * one value per row (regression: the prediction, binary: P(positive class)), or one
   * probability per class per row (multiclass, row-major). `x` is transferred.
   */
  predict(modelId: string, x: Float32Array, rows: number): Promise<Float32Array>;
  /** True while the runtime holds the model. */
  has(modelId: string): Promise<boolean>;
  /** Free a model (e.g. one trained by a run that then failed). */
  dispose(modelId: string): Promise<void>;
}

/** Uploaded files, by the name the user gave them. */
export interface FileApi {
  has(name: string): boolean;
  /** Load the named file into this node's table for `port`. */
  load(name: string, options: FileReadOptions, port?: string): Promise<TableHandle>;
}

/** A PostgreSQL table or read-only query to read (ingest.database). */
export interface DatabaseRead {
  /** The environment variable holding the connection string: the string itself is never in a pipeline. */
  connectionEnv: string;
  /** `table` or `schema.table`, read whole; used when `query` is empty. */
  table: string;
  /** One read-only SELECT. */
  query: string;
  /** Rows fetched per round trip. */
  batchRows: number;
}

/** Named datasets saved in the browser (Save as dataset). */
export interface DatasetApi {
  /** Read dataset `name` at `version` ('' = latest, or `3` / `v3`) into this node's table for `port`. */
  load(
    name: string,
    version: string,
    port?: string,
  ): Promise<{ table: TableHandle; version: number; hash: string; savedAt: string; source: string }>;
}

/** The model registry (Models), where the runtime has one. */
export interface RegistryApi {
  /** Load registered model `name` at `version` ('' = production, else the latest; `latest`; `3`). */
  load(name: string, version: string): Promise<{ model: ModelHandle; version: number; production: boolean }>;
}

/** External databases, where the runtime can open a connection (the command-line runner). */
export interface DatabaseApi {
  /** Stream the rows into this node's table for `port`, with the columns' types mapped. */
  read(request: DatabaseRead, port?: string): Promise<TableHandle>;
}

/** Everything `run` may use; injected by the engine so kinds stay free of runtimes. */
export interface RunContext<R = NodeReport> {
  nodeId: string;
  signal: AbortSignal;
  sql: SqlApi;
  files: FileApi;
  /** Absent in the browser: a tab cannot open a database connection. */
  databases?: DatabaseApi;
  /** Absent in the command-line runner: datasets live in the browser. */
  datasets?: DatasetApi;
  registry?: RegistryApi;
  models: ModelApi;
  progress(fraction: number, message?: string): void;
  log(message: string): void;
  /** Flag a non-fatal problem: the node ends with status `warning`. */
  warn(message: string): void;
  /** Attach a report to the result; a kind reports what its `report` schema declares. */
  report(report: R): void;
  /** Add a point to the node's live chart (e.g. loss per epoch); the UI plots the series. */
  point(values: Record<string, number>): void;
  /**
   * For `fitted` kinds: the target columns of the models downstream of this node, which a
   * default column set must leave alone (empty for other kinds). They enter the cache key.
   */
  targets: readonly string[];
}

/**
 * What a kind is to the pipeline around it, so the engine can reason about a graph without
 * naming kinds: `model` trains on its `target` param; `fitted` learns statistics on `in`
 * and applies them to `apply`; `split` turns rows into train and test rows.
 */
export type NodeRole = 'model' | 'fitted' | 'split';

/** A button on the node's card; the card and the CLI's exports act on it. */
export type CardAction<Params = Record<string, unknown>> =
  | {
      /** Download the table connected to input `input`, encoded as `options` says. */
      type: 'download-table';
      label: string;
      input: string;
      options(params: Params): { format: ExportFormat; keepFormulas: boolean; partitionBy?: string[] };
    }
  | {
      /** Download the model on the node's model input as a zip (the engine's `exportModel`). */
      type: 'download-model';
      label: string;
    };

export interface NodeKindSpec<
  P extends Record<string, ParamSpec>,
  I extends Record<string, PortSpec>,
  O extends Record<string, PortSpec>,
  R extends ReportParts = never,
> {
  kind: string;
  version: number;
  title: string;
  category: Category;
  description: string;
  inputs: I;
  outputs: O;
  params: P;
  /** False when the result is not a function of inputs and params: never cached. */
  deterministic?: boolean;
  role?: NodeRole;
  /** The line under the card's title; the category when absent. */
  subtitle?(params: ParamsOf<P>): string;
  /** Buttons on the card. */
  actions?: readonly CardAction<ParamsOf<P>>[];
  /** The param a dropped data file's name goes into: each dropped file becomes a node of this kind. */
  dropFile?: keyof P & string;
  /** The params naming a saved dataset and its version: the version read is part of the cache key. */
  datasetParams?: { name: keyof P & string; version: keyof P & string };
  /** The params naming a registered model and its version: likewise. */
  registryParams?: { name: keyof P & string; version: keyof P & string };
  /**
   * What `run` passes to `ctx.report` (a kind without one cannot report). The inspector and
   * the model export read reports through it.
   */
  report?: z.ZodType<R>;
  run(args: { inputs: InputValues<I>; params: ParamsOf<P>; ctx: RunContext<R> }): Promise<OutputValues<O>>;
}

/** A node kind with its compiled params schema; what the registry holds. */
export interface NodeKind {
  kind: string;
  version: number;
  title: string;
  category: Category;
  description: string;
  inputs: Record<string, PortSpec>;
  outputs: Record<string, PortSpec>;
  params: Record<string, ParamSpec>;
  deterministic: boolean;
  role?: NodeRole;
  /** Validates params, filling defaults; unknown keys are dropped. */
  paramsSchema: z.ZodObject<Record<string, z.ZodType>>;
  /** The card's subtitle for these params; undefined when there is none or they do not parse. */
  subtitle?(params: Record<string, unknown>): string | undefined;
  /** Buttons on the card; their `options` take params as stored and fall back to the defaults. */
  actions: readonly CardAction[];
  dropFile?: string;
  /** Params naming uploaded files (their control is `file`): the files' fingerprints enter the cache key. */
  fileParams: readonly string[];
  datasetParams?: { name: string; version: string };
  registryParams?: { name: string; version: string };
  report?: z.ZodType<ReportParts>;
  run(args: {
    inputs: Record<string, PortValue | undefined>;
    params: Record<string, unknown>;
    ctx: RunContext;
  }): Promise<Record<string, PortValue>>;
}

/** Declare a node kind once; palette, form, validation and execution derive from it. */
export function defineNodeKind<
  P extends Record<string, ParamSpec>,
  I extends Record<string, PortSpec>,
  O extends Record<string, PortSpec>,
  R extends ReportParts = never,
>(spec: NodeKindSpec<P, I, O, R>): NodeKind {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, p] of Object.entries(spec.params)) shape[key] = p.schema;
  const paramsSchema = z.object(shape);
  // The schema fills defaults, so a parsed object is what ParamsOf<P> promises.
  const parsed = (params: Record<string, unknown>) => {
    const r = paramsSchema.safeParse(params);
    return r.success ? (r.data as ParamsOf<P>) : undefined;
  };
  const { subtitle } = spec;
  return {
    ...spec,
    deterministic: spec.deterministic ?? true,
    paramsSchema,
    subtitle:
      subtitle &&
      ((params) => {
        const p = parsed(params);
        return p && subtitle(p);
      }),
    actions: (spec.actions ?? []).map((a) =>
      a.type === 'download-table'
        ? { ...a, options: (params) => a.options(parsed(params) ?? (paramsSchema.parse({}) as ParamsOf<P>)) }
        : a,
    ),
    fileParams: Object.entries(spec.params as Record<string, ParamSpec>)
      .filter(([, p]) => p.control === 'file')
      .map(([key]) => key),
    // R extends ReportParts; zod's type is invariant in its output only through methods.
    report: spec.report as z.ZodType<ReportParts> | undefined,
    // The engine validates params and checks inputs against the declared ports before
    // calling run, so the narrowing from the erased signature is sound.
    // Optional outputs left out (or set to undefined) are dropped, so every port in the
    // result holds a value.
    run: async (args) => {
      const result: Record<string, PortValue | undefined> = await spec.run(args as never);
      const present: Record<string, PortValue> = {};
      for (const [port, value] of Object.entries(result)) if (value !== undefined) present[port] = value;
      return present;
    },
  };
}

/** Default params of a kind (its schema applied to an empty object). */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  return kind.paramsSchema.parse({});
}
