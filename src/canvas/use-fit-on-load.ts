import { getNodesBounds, useReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useStore } from '../store/store';

/**
 * Room kept free around a framed graph, in screen pixels. The zoom controls (bottom left,
 * ≈ 123 px tall with their margin) and the minimap (bottom right, 100 px + 15 px margin;
 * Canvas.tsx) sit in the bottom strip, so no card is fitted under them.
 */
export const GRAPH_PADDING = { top: '28px', right: '28px', bottom: '136px', left: '28px' } as const;

/**
 * How an opened graph is framed: never enlarged past 100 % (a one-node pipeline stays its
 * size), never shrunk below 50 % (card text stays readable; a larger graph shows its start,
 * top left, where its sources are), clear of the controls and minimap.
 */
export const FIT_OPTIONS = { padding: GRAPH_PADDING, minZoom: 0.5, maxZoom: 1 } as const;

const px = (value: string) => Number.parseFloat(value);

/**
 * Fit the view to a pipeline when one is opened: imported, dropped, or opened from a
 * template, the Pipelines list or its `#/p/<id>` address. A load replaces the graph and its
 * saved marker in one step (`loadGraph`); opening a stored pipeline restores it and then
 * changes the address, so both are watched.
 */
export function useFitOnLoad(): void {
  const { fitView, getNodes, setViewport } = useReactFlow();
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    const bump = () => setLoads((n) => n + 1);
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.saved !== prev.saved && s.saved.nodes === s.nodes && s.nodes !== prev.nodes) bump();
    });
    window.addEventListener('hashchange', bump);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', bump);
    };
  }, []);
  // After the render that hands React Flow the new nodes: fitView waits until they are
  // measured. Not for an empty graph: React Flow would keep the fit waiting and spring it on
  // the first node added, moving the view under the person's hand.
  useEffect(() => {
    if (!loads || !useStore.getState().nodes.length) return;
    const nodes = getNodes();
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (nodes.length && pane?.width && pane.height) {
      const b = getNodesBounds(nodes);
      const p = GRAPH_PADDING;
      const zoom = Math.min(
        (pane.width - px(p.left) - px(p.right)) / (b.width || 1),
        (pane.height - px(p.top) - px(p.bottom)) / (b.height || 1),
      );
      if (zoom < FIT_OPTIONS.minZoom) {
        const z = FIT_OPTIONS.minZoom;
        void setViewport({
          x: px(GRAPH_PADDING.left) - b.x * z,
          y: px(GRAPH_PADDING.top) - b.y * z,
          zoom: z,
        });
        return;
      }
    }
    void fitView(FIT_OPTIONS);
  }, [loads, fitView, getNodes, setViewport]);
}
