import type { Edge, Node } from '@xyflow/react';

/** Node `data` is plain data: the kind and its params, nothing else. */
export interface PwNodeData extends Record<string, unknown> {
  kind: string;
  params: Record<string, unknown>;
  retries?: number;
}

export type PwNode = Node<PwNodeData, 'pw'>;
export type PwEdge = Edge;
