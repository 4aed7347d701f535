import { type NodeChange, type NodeHandle, Position } from '@xyflow/react';
import { getKind } from '../nodes/registry';
import type { PwNode } from './flow-types';

/*
 * A node card's size and port positions before React Flow has measured it, from the card's
 * CSS (app.css: .node-card 236 px wide, a 51 px head, 19 px per port row, 35 px per action
 * row; handles 10 px, half outside the card).
 *
 * Why: the canvas renders only the cards in view (onlyRenderVisibleElements), but React
 * Flow still renders every card it has no handle positions for once, to measure it. On a
 * 1,000-node import that first render was all 1,000 cards. A node given `handles` and an
 * initial size is placed, culled and wired from these numbers instead, and measured for
 * real when it first comes into view. An estimate that is a few pixels off shows only where
 * an edge meets a card that is off screen.
 */
export const CARD_WIDTH = 236;
const HEAD = 51;
const PORT_ROW = 19;
const ACTION_ROW = 35;
const HANDLE = 10;
const HANDLE_TOP = 51.5;

type Frame = Pick<PwNode, 'initialWidth' | 'initialHeight' | 'measured' | 'handles'>;

/** The estimated frame of a card of `kind` (none for an unknown kind: it is measured). */
export function estimatedFrame(kind: string): Frame {
  const def = getKind(kind);
  if (!def) return {};
  const inputs = Object.keys(def.inputs);
  const outputs = Object.keys(def.outputs);
  const rows = Math.max(inputs.length, outputs.length);
  const handles: NodeHandle[] = [
    ...inputs.map((id, i) => handle(id, 'target', Position.Left, -1, i)),
    ...outputs.map((id, i) => handle(id, 'source', Position.Right, CARD_WIDTH - HANDLE / 2 - 1, i)),
  ];
  const height = HEAD + PORT_ROW * rows + ACTION_ROW * def.actions.length;
  // `measured` too: React Flow's fitView waits until every node is measured, which a node
  // that is never in view would never be.
  return {
    initialWidth: CARD_WIDTH,
    initialHeight: height,
    measured: { width: CARD_WIDTH, height },
    handles,
  };
}

function handle(
  id: string,
  type: NodeHandle['type'],
  position: Position,
  x: number,
  row: number,
): NodeHandle {
  return { id, type, position, x, y: HANDLE_TOP + PORT_ROW * row, width: HANDLE, height: HANDLE };
}

/**
 * Drop the estimated handles of nodes React Flow has just measured at another size than
 * the estimate: a node that keeps `handles` has them read again, over the measured ones,
 * whenever the node object changes (selected, moved, edited). (A card measured at exactly
 * its estimate reports no change and keeps them: its ports are where the estimate says.)
 */
export function forgetEstimates(nodes: PwNode[], changes: readonly NodeChange<PwNode>[]): PwNode[] {
  const measured = new Set<string>();
  for (const c of changes) if (c.type === 'dimensions' && c.dimensions) measured.add(c.id);
  if (!measured.size) return nodes;
  return nodes.map((n) => {
    if (!n.handles || !measured.has(n.id)) return n;
    const { handles: _estimate, ...rest } = n;
    return rest;
  });
}
