import { wouldCreateCycle } from '../graph/topo-order';
import type { NodeKind } from '../nodes/define-node-kind';
import type { GraphEdge } from '../shared/graph-types';

/** The two ends of a connection being drawn, as React Flow names them. */
export interface ConnectionEnds {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

/** What the check needs of the graph: each node's kind, and the edges. */
export interface ConnectionContext {
  kindOf(nodeId: string): Pick<NodeKind, 'title' | 'inputs' | 'outputs'> | undefined;
  edges: readonly GraphEdge[];
}

/**
 * Why a connection cannot be made, phrased for the person drawing it (shown at the
 * cursor), or undefined when it can: only equal port types connect, and no loops.
 */
export function connectionProblem(c: ConnectionEnds, ctx: ConnectionContext): string | undefined {
  if (!c.source || !c.target) return undefined;
  const sourcePort = c.sourceHandle ?? 'out';
  const targetPort = c.targetHandle ?? 'in';
  if (c.source === c.target) return 'A node cannot feed its own input.';
  const from = ctx.kindOf(c.source);
  const to = ctx.kindOf(c.target);
  const out = from?.outputs[sourcePort];
  const inp = to?.inputs[targetPort];
  if (!from || !to || !out || !inp) return 'Connect an output (right side) to an input (left side).';
  if (out.type !== inp.type)
    return `Types differ: "${sourcePort}" (${from.title}) gives a ${out.type}, but "${targetPort}" (${to.title}) takes a ${inp.type}.`;
  // A port takes one edge: the edge this one would replace does not count.
  const others = ctx.edges.filter((e) => !(e.target === c.target && e.targetPort === targetPort));
  if (wouldCreateCycle(others, { source: c.source, target: c.target }))
    return `That would make a loop: ${to.title} already feeds ${from.title}.`;
  return undefined;
}
