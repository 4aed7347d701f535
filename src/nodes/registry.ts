import cleanFilter from './clean/filter.kind';
import type { Category, NodeKind } from './define-node-kind';
import exportData from './export/data.kind';
import ingestFile from './ingest/file.kind';
import ingestSample from './ingest/sample.kind';
import transformSql from './transform/sql.kind';

/** Every node kind the app knows. Add a kind here and it appears everywhere. */
export const NODE_KINDS: readonly NodeKind[] = [
  ingestFile,
  ingestSample,
  cleanFilter,
  transformSql,
  exportData,
];

export const CATEGORIES: readonly Category[] = [
  'Ingest',
  'Clean',
  'Validate',
  'Transform',
  'Features',
  'Model',
  'Export',
];

const byKind = new Map(NODE_KINDS.map((k) => [k.kind, k]));

/** The kind declaration for a kind name, or undefined when unknown. */
export function getKind(kind: string): NodeKind | undefined {
  return byKind.get(kind);
}
