import type { PipelineGraph } from '../shared/graph-types';
import type { AppState } from './app-state';
import { useStore } from './store';

/**
 * Whether opening a pipeline over the open one needs the user's yes: only when that would
 * lose edits made since it was last opened, imported or exported. An empty canvas holds
 * nothing to lose.
 */
export function replacingLosesWork(state: Pick<AppState, 'nodes' | 'hasUnsavedChanges'>): boolean {
  return state.nodes.length > 0 && state.hasUnsavedChanges();
}

/**
 * Open `graph` (read from the file `fileName`) over the open pipeline: the one way the
 * Import button, a pipeline file dropped on the canvas and one among uploaded files replace
 * the graph. Asks first when that would lose work; false when the user said no.
 */
export function replaceGraph(
  graph: PipelineGraph,
  fileName: string,
  ask: (question: string) => boolean = (q) => window.confirm(q),
): boolean {
  const state = useStore.getState();
  if (
    replacingLosesWork(state) &&
    !ask(`Open "${fileName}"? The current pipeline has unsaved changes, which will be replaced.`)
  )
    return false;
  state.loadGraph(graph);
  return true;
}
