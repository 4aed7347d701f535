import { useConnection } from '@xyflow/react';
import { getKind } from '../nodes/registry';
import { toGraphEdge } from '../store/graph-convert';
import { useStore } from '../store/store';
import { type ConnectionEnds, connectionProblem } from './connection-problem';
import './connection-refusal.css';

/** Why the connection being drawn (or just dropped) is refused, where it is. */
export function refusalReason(c: ConnectionEnds): string | undefined {
  const { nodes, edges } = useStore.getState();
  return connectionProblem(c, {
    kindOf: (id) => getKind(nodes.find((n) => n.id === id)?.data.kind ?? ''),
    edges: edges.map(toGraphEdge),
  });
}

/** A drawn connection's ends, source first, whichever side the drag started from. */
export function endsOf(
  from: { nodeId: string; id?: string | null; type: 'source' | 'target' },
  to: { nodeId: string; id?: string | null },
): ConnectionEnds {
  return from.type === 'source'
    ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
    : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
}

export interface Refusal {
  /** Pixels from the canvas's top left corner. */
  x: number;
  y: number;
  text: string;
}

function Bubble({ at }: { at: Refusal }) {
  return (
    <div
      className="connect-refusal"
      role="status"
      data-testid="connect-refusal"
      style={{ left: at.x + 14, top: at.y + 14 }}
    >
      {at.text}
    </div>
  );
}

/**
 * Rendered inside React Flow: while a connection is held over a port it cannot join, says
 * why beside the cursor; after a refused drop, `dropped` keeps saying it there a moment.
 */
export function ConnectionRefusal({ dropped }: { dropped?: Refusal }) {
  // Compared shallowly by React Flow: a plain object re-renders only when it changes.
  const live = useConnection((c): Refusal | undefined => {
    if (!c.inProgress || c.isValid !== false || !c.toHandle) return undefined;
    const text = refusalReason(endsOf(c.fromHandle, c.toHandle));
    return text ? { x: Math.round(c.pointer.x), y: Math.round(c.pointer.y), text } : undefined;
  });
  if (live) return <Bubble at={live} />;
  return dropped ? <Bubble at={dropped} /> : null;
}
