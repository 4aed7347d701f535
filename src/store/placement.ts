import type { Position } from '../shared/graph-types';

/**
 * Where `count` new nodes go: free slots the person can see, near `preferred` (a flow
 * position) or the middle of the canvas. Only the canvas knows the viewport and what covers
 * it, so it registers the placer; code below the canvas (uploads) asks through here.
 */
export type Placer = (count: number, preferred?: Position) => Position[];

let placer: Placer | undefined;

/** Register the canvas's placer; returns the unregister function. */
export function setPlacer(p: Placer): () => void {
  placer = p;
  return () => {
    if (placer === p) placer = undefined;
  };
}

/** Slots for new nodes, or undefined when no canvas is showing (then the caller decides). */
export function placeNewNodes(count: number, preferred?: Position): Position[] | undefined {
  return placer?.(count, preferred);
}
