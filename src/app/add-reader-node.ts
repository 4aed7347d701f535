import { NODE_KINDS } from '../nodes/registry';
import { placeNewNodes } from '../store/placement';
import { useStore } from '../store/store';

/**
 * Add the node that reads a saved, versioned thing — a dataset (`datasetParams`) or a
 * registered model (`registryParams`) — pinned to `version`, in a free spot on screen.
 */
export function addReaderNode(hook: 'datasetParams' | 'registryParams', name: string, version: number): void {
  const reader = NODE_KINDS.find((k) => k[hook]);
  const params = reader?.[hook];
  if (!reader || !params) return;
  const [at = { x: 40, y: 40 }] = placeNewNodes(1) ?? [];
  useStore.getState().addNode(reader.kind, at, { [params.name]: name, [params.version]: String(version) });
}
