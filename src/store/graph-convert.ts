import { edgeId, type GraphEdge, type PipelineGraph } from '../shared/graph-types';
import type { PwEdge, PwNode } from './flow-types';
import { estimatedFrame } from './node-frame';

/** React Flow nodes and edges → the plain pipeline graph (what files and the engine take). */
export function toPipelineGraph(
  name: string,
  nodes: readonly PwNode[],
  edges: readonly PwEdge[],
): PipelineGraph {
  return {
    name,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      params: n.data.params,
      position: n.position,
      ...(n.data.retries ? { retries: n.data.retries } : {}),
    })),
    edges: edges.map(toGraphEdge),
  };
}

export function toGraphEdge(e: PwEdge): GraphEdge {
  return {
    source: e.source,
    sourcePort: e.sourceHandle ?? 'out',
    target: e.target,
    targetPort: e.targetHandle ?? 'in',
  };
}

export function toFlowEdge(e: GraphEdge): PwEdge {
  return {
    id: edgeId(e),
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
  };
}

/** The plain graph → React Flow nodes and edges. */
export function fromPipelineGraph(graph: PipelineGraph): { nodes: PwNode[]; edges: PwEdge[] } {
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: 'pw',
      position: n.position,
      data: { kind: n.kind, params: n.params, ...(n.retries ? { retries: n.retries } : {}) },
      ...estimatedFrame(n.kind),
    })),
    edges: graph.edges.map(toFlowEdge),
  };
}
