import { useReactFlow } from '@xyflow/react';
import { type RefObject, useEffect } from 'react';
import { findFreeSlots } from '../graph/free-slot';
import { type Box, DEFAULT_NODE_SIZE } from '../graph/paste';
import type { Position } from '../shared/graph-types';
import { setPlacer } from '../store/placement';
import { useStore } from '../store/store';

/** On-screen overlays a new node must not hide under. */
const OVERLAYS = ['.react-flow__controls', '.react-flow__minimap'];

/** Space (screen pixels) kept between a new node and the canvas edges. */
const EDGE = 16;

/**
 * Register where new nodes go (palette clicks, uploads): the free slot nearest the asked-for
 * point (or the canvas centre) that is wholly on screen, not under the zoom controls or the
 * minimap, and on top of no other node.
 */
export function usePlacement(wrapper: RefObject<HTMLDivElement | null>): void {
  const { screenToFlowPosition } = useReactFlow();
  useEffect(() => {
    const toFlowBox = (r: DOMRect, inset = 0): Box => {
      const a = screenToFlowPosition({ x: r.left + inset, y: r.top + inset });
      const b = screenToFlowPosition({ x: r.right - inset, y: r.bottom - inset });
      return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
    };
    return setPlacer((count: number, preferred?: Position) => {
      const pane = wrapper.current?.getBoundingClientRect();
      if (!pane) return [];
      const size = DEFAULT_NODE_SIZE;
      const centre = screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
      const occupied: Box[] = useStore.getState().nodes.map((n) => ({
        ...n.position,
        width: n.measured?.width ?? size.width,
        height: n.measured?.height ?? size.height,
      }));
      for (const sel of OVERLAYS) {
        const el = wrapper.current?.querySelector(sel);
        if (el) occupied.push(toFlowBox(el.getBoundingClientRect()));
      }
      return findFreeSlots(
        {
          preferred: preferred ?? { x: centre.x - size.width / 2, y: centre.y - size.height / 2 },
          size,
          occupied,
          visible: toFlowBox(pane, EDGE),
        },
        count,
      );
    });
  }, [screenToFlowPosition, wrapper]);
}
