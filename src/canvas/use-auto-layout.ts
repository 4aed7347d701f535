import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { DEFAULT_NODE_SIZE } from '../graph/paste';
import { getKind } from '../nodes/registry';
import { toGraphEdge } from '../store/graph-convert';
import { useStore } from '../store/store';
import { layoutPipeline } from './auto-layout';
import { FIT_OPTIONS } from './use-fit-on-load';

/**
 * The toolbar's Auto layout: lay the graph out with elkjs (one undo step), then fit the view
 * to the selection (or the whole graph), keeping card text readable.
 */
export function useAutoLayout(): () => Promise<void> {
  const { fitView } = useReactFlow();
  return useCallback(async () => {
    const { nodes, edges, history } = useStore.getState();
    let positions: Awaited<ReturnType<typeof layoutPipeline>>;
    try {
      positions = await layoutPipeline(
        nodes.map((n) => {
          const kind = getKind(n.data.kind);
          return {
            id: n.id,
            position: n.position,
            width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
            height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
            inputs: Object.keys(kind?.inputs ?? {}),
            outputs: Object.keys(kind?.outputs ?? {}),
          };
        }),
        edges.map(toGraphEdge),
      );
    } catch (err) {
      useStore
        .getState()
        .notify('error', 'Auto layout failed', [err instanceof Error ? err.message : String(err)]);
      return;
    }
    // An edit or undo made while ELK worked wins: its layout would be of another graph.
    if (useStore.getState().history !== history) return;
    useStore.getState().moveNodes(positions);
    // Frame the selection when there is one (what the person is working on), else the graph,
    // never below a readable zoom, once React Flow has taken the new positions.
    const selected = useStore
      .getState()
      .nodes.filter((n) => n.selected)
      .map((n) => ({ id: n.id }));
    // The selection is centred (even padding); the whole graph keeps clear of the controls.
    const options = {
      ...FIT_OPTIONS,
      duration: 250,
      ...(selected.length ? { nodes: selected, padding: 0.08 } : {}),
    };
    requestAnimationFrame(() => void fitView(options));
  }, [fitView]);
}
