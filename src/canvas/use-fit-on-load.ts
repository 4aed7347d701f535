import { getNodesBounds, useReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useStore } from '../store/store';

/**
 * How an opened graph is framed: never enlarged past 100 % (a one-node pipeline stays its
 * size), never shrunk below 50 % (card text stays readable; a larger graph shows its start,
 * top left, where its sources are).
 */
export const FIT_OPTIONS = { padding: 0.08, minZoom: 0.5, maxZoom: 1 } as const;

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
      const room = 1 + 2 * FIT_OPTIONS.padding;
      const zoom = Math.min(pane.width / (b.width * room || 1), pane.height / (b.height * room || 1));
      if (zoom < FIT_OPTIONS.minZoom) {
        const z = FIT_OPTIONS.minZoom;
        const margin = 24;
        void setViewport({ x: margin - b.x * z, y: margin - b.y * z, zoom: z });
        return;
      }
    }
    void fitView(FIT_OPTIONS);
  }, [loads, fitView, getNodes, setViewport]);
}
