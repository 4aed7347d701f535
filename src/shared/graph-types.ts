/** Types of values that flow along edges. An edge connects equal types only. */
export type PortType = 'table' | 'model' | 'metrics';

/** Status of a node as shown on the canvas (`data-status`, PIPELINE_FORMAT.md §4). */
export type NodeStatus = 'idle' | 'stale' | 'queued' | 'running' | 'done' | 'cached' | 'warning' | 'error';

export interface Position {
  x: number;
  y: number;
}

/** A node as stored in the graph and in pipeline files: plain data only. */
export interface GraphNode {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  position: Position;
  /** Re-run a failing node this many times before giving up (like Airflow task retries). */
  retries?: number;
}

export interface GraphEdge {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** The editable pipeline: what the pipeline file holds. */
export interface PipelineGraph {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Stable id of an edge, derived from its endpoints (a port takes one edge). */
export function edgeId(edge: GraphEdge): string {
  return `${edge.source}:${edge.sourcePort}->${edge.target}:${edge.targetPort}`;
}
