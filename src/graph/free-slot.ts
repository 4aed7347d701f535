import type { Position } from '../shared/graph-types';
import { type Box, boxesOverlap, type Size } from './paste';

export interface SlotQuery {
  /** Where the person would expect the node: its top-left corner, in flow coordinates. */
  preferred: Position;
  size: Size;
  /** Boxes a new node must not cover: other nodes, and on-screen controls mapped to flow coordinates. */
  occupied: readonly Box[];
  /** The part of the canvas on screen, in flow coordinates: a slot is wholly inside it. */
  visible: Box;
  /** Space kept around every occupied box. */
  margin?: number;
}

/** At most this many candidate columns (and rows) are tried across the visible area. */
const GRID = 48;

/**
 * The free slot for a new node nearest to `preferred` that lies wholly on screen and covers
 * nothing in `occupied`; undefined when the visible area has no room left. Candidates sit on
 * a grid over the visible area (coarser when zoomed far out, so the search stays cheap on a
 * 1,000-node graph); ties go right, then down, the way a pipeline reads.
 */
export function findFreeSlot({
  preferred,
  size,
  occupied,
  visible,
  margin = 24,
}: SlotQuery): Position | undefined {
  const pad = margin / 2;
  const left = visible.x + pad;
  const top = visible.y + pad;
  const spanX = visible.width - size.width - 2 * pad;
  const spanY = visible.height - size.height - 2 * pad;
  if (spanX < 0 || spanY < 0) return undefined;
  const step = Math.max(20, spanX / GRID, spanY / GRID);
  const start = {
    x: Math.min(Math.max(preferred.x, left), left + spanX),
    y: Math.min(Math.max(preferred.y, top), top + spanY),
  };
  const candidates: (Position & { cost: number })[] = [];
  const xs = axis(start.x, left, left + spanX, step);
  const ys = axis(start.y, top, top + spanY, step);
  for (const x of xs)
    for (const y of ys) {
      const dx = x - preferred.x;
      const dy = y - preferred.y;
      // Left and up cost a little more than right and down: new steps follow the flow.
      candidates.push({ x, y, cost: Math.hypot(dx < 0 ? dx * 1.2 : dx, dy < 0 ? dy * 1.2 : dy) });
    }
  candidates.sort((a, b) => a.cost - b.cost);
  const near = occupied.filter((o) =>
    boxesOverlap(o, { x: left, y: top, width: spanX + size.width, height: spanY + size.height }, margin),
  );
  for (const c of candidates) {
    const box = { x: c.x, y: c.y, ...size };
    if (!near.some((o) => boxesOverlap(box, o, margin))) return { x: Math.round(c.x), y: Math.round(c.y) };
  }
  return undefined;
}

/** Grid positions from `lo` to `hi` that include `origin`, so the preferred spot itself is tried. */
function axis(origin: number, lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = origin; v >= lo; v -= step) out.push(v);
  for (let v = origin + step; v <= hi; v += step) out.push(v);
  return out;
}

/**
 * Slots for `count` new nodes, each free of the others too. Where the screen has no room,
 * a node goes below everything at `preferred.x` (off screen, but never on top of another).
 */
export function findFreeSlots(query: SlotQuery, count: number): Position[] {
  const occupied = [...query.occupied];
  const margin = query.margin ?? 24;
  const slots: Position[] = [];
  for (let i = 0; i < count; i++) {
    const slot = findFreeSlot({ ...query, occupied }) ?? {
      x: Math.round(query.preferred.x),
      y: Math.round(Math.max(query.preferred.y, ...occupied.map((o) => o.y + o.height + margin))),
    };
    slots.push(slot);
    occupied.push({ ...slot, ...query.size });
  }
  return slots;
}
