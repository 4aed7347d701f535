import { PIPELINE_FORMAT, parsePipelineFile, serializePipeline } from '../graph/pipeline-file';
import { getKind } from '../nodes/registry';
import type { PipelineGraph } from '../shared/graph-types';
import { toPipelineGraph } from '../store/graph-convert';
import { useStore } from '../store/store';

// Where the system clipboard cannot be used (no permission, insecure page) copies stay here.
let memory: string | undefined;

/** The selected nodes with the edges between them, as a graph. */
export function selectionGraph(): PipelineGraph {
  const { name, nodes, edges } = useStore.getState();
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return toPipelineGraph(
    name,
    picked,
    edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  );
}

/**
 * Copy the selection to the clipboard as a pipeline file, so it pastes into another tab
 * (or a text editor). Returns false when nothing is selected.
 */
export async function copySelection(): Promise<boolean> {
  const graph = selectionGraph();
  if (!graph.nodes.length) return false;
  const text = serializePipeline(graph);
  memory = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The in-memory copy above still pastes within this tab.
  }
  return true;
}

/** Paste pipeline JSON from the clipboard; other text is ignored. */
export async function pasteClipboard(): Promise<void> {
  let text: string | undefined;
  try {
    text = (await navigator.clipboard.readText()) || memory;
  } catch {
    text = memory;
  }
  if (!text?.includes(PIPELINE_FORMAT)) return;
  const result = parsePipelineFile(text, getKind);
  if (!result.ok) {
    useStore.getState().notify('error', 'Could not paste the copied nodes', result.errors);
    return;
  }
  useStore.getState().insertGraph(result.graph);
}

/** Duplicate the selection in place (without touching the clipboard). */
export function duplicateSelection(): void {
  const graph = selectionGraph();
  if (graph.nodes.length) useStore.getState().insertGraph(graph);
}
