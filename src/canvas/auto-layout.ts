import type { ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, Position } from '../shared/graph-types';

/** A node to lay out: its measured size and its ports, top to bottom. */
export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  inputs: readonly string[];
  outputs: readonly string[];
}

const portId = (node: string, port: string) => `${node}\u0000${port}`;

/**
 * Lay a pipeline out left to right with ELK's layered algorithm (elkjs), using each
 * node's measured size so nothing overlaps, and with the ports in their on-screen order
 * so edges cross as little as they can. The result keeps the graph's top-left corner
 * where it was. elkjs loads on first use: most sessions never lay out.
 */
export async function layoutPipeline(
  nodes: readonly (LayoutNode & { position: Position })[],
  edges: readonly GraphEdge[],
): Promise<Record<string, Position>> {
  if (!nodes.length) return {};
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const ids = new Set(nodes.map((n) => n.id));
  // Every port an edge names must exist in ELK's graph, declared or not.
  const ports = new Map(nodes.map((n) => [n.id, { inputs: [...n.inputs], outputs: [...n.outputs] }]));
  for (const e of edges) {
    const out = ports.get(e.source)?.outputs;
    if (out && !out.includes(e.sourcePort)) out.push(e.sourcePort);
    const inp = ports.get(e.target)?.inputs;
    if (inp && !inp.includes(e.targetPort)) inp.push(e.targetPort);
  }
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.componentComponent': '60',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map(({ id, width, height }) => {
      const { inputs, outputs } = ports.get(id) ?? { inputs: [], outputs: [] };
      return {
        id,
        width,
        height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        // ELK orders ports clockwise: east side top to bottom, west side bottom to top.
        ports: [
          ...outputs.map((p, i) => ({
            id: portId(id, p),
            width: 8,
            height: 8,
            layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
          })),
          ...inputs.map((p, i) => ({
            id: portId(id, p),
            width: 8,
            height: 8,
            layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(inputs.length - 1 - i) },
          })),
        ],
      };
    }),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e, i) => ({
        id: `e${i}`,
        sources: [portId(e.source, e.sourcePort)],
        targets: [portId(e.target, e.targetPort)],
      })),
  };
  const laid = await new ELK().layout(graph);
  const left = Math.min(...nodes.map((n) => n.position.x));
  const top = Math.min(...nodes.map((n) => n.position.y));
  const children = laid.children ?? [];
  const dx = left - Math.min(...children.map((c) => c.x ?? 0));
  const dy = top - Math.min(...children.map((c) => c.y ?? 0));
  const positions: Record<string, Position> = {};
  for (const c of children)
    positions[c.id] = { x: Math.round(dx + (c.x ?? 0)), y: Math.round(dy + (c.y ?? 0)) };
  return positions;
}
