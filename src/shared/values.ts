import type { ModelMeta } from './models';

/** A column of a table as DuckDB reports it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** A `table` port value: a handle to a DuckDB table inside the engine, never rows. */
export interface TableHandle {
  type: 'table';
  /** DuckDB table name (unquoted). */
  table: string;
  columns: ColumnInfo[];
  rowCount: number;
}

/** A `metrics` port value: evaluation results (small, plain data). */
export interface MetricsValue {
  type: 'metrics';
  values: Record<string, number>;
  /** Spread of each value when it is a mean (cross-validation: sd over folds). */
  sd?: Record<string, number>;
}

/** A `model` port value: a handle to a model held by the training runtime. */
export interface ModelHandle {
  type: 'model';
  id: string;
  meta: ModelMeta;
}

export type PortValue = TableHandle | MetricsValue | ModelHandle;

/** What the UI learns about one output port after a node ran. */
export interface OutputSummary {
  type: PortValue['type'];
  rowCount?: number;
  columns?: ColumnInfo[];
  values?: Record<string, number>;
  sd?: Record<string, number>;
}
