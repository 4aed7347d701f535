import type { NodeKind, RunContext } from '../../src/nodes/define-node-kind';
import type { GraphNode } from '../../src/shared/graph-types';
import type { NodeReport } from '../../src/shared/protocol';
import type { PortValue } from '../../src/shared/values';

/** A node's finished result, kept so unchanged nodes are not recomputed. */
export interface CachedResult {
  key: string;
  outputs: Record<string, PortValue>;
  warnings: string[];
  report?: NodeReport;
}

/** The parts of a node's context that the executor provides (events, cancellation). */
export type ContextHooks = Pick<
  RunContext,
  'progress' | 'log' | 'warn' | 'report' | 'signal' | 'point' | 'targets'
> & {
  /** DuckDB's progress of one statement the node runs (marked as such on the event). */
  sqlProgress(fraction: number, message: string): void;
};

export interface ExecutorDeps {
  lookup: (kind: string) => NodeKind | undefined;
  /** Build the context for one node's run. */
  makeContext(node: GraphNode, hooks: ContextHooks): RunContext;
  /** Extra cache-key material for a node (e.g. the content fingerprint of its file). */
  keyExtra(node: GraphNode): string;
  /** Results of earlier runs, by node id; the executor reads and updates it. */
  cache: Map<string, CachedResult>;
  /** Called when a cached result is dropped, so its tables can be freed. */
  onEvict?(nodeId: string, result: CachedResult): void;
  /** Whether a cached result still holds (e.g. its model survived a training-worker restart). */
  isAlive?(result: CachedResult): Promise<boolean>;
  /** A result kept from an earlier session under `key`, restored as `nodeId`'s outputs. */
  restore?(nodeId: string, key: string): Promise<CachedResult | undefined>;
  /** A deterministic node's fresh result, to keep for later sessions. */
  keep?(result: CachedResult): void;
  now?: () => number;
}
