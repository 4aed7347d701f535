import type { PortSpec } from '../../src/nodes/define-node-kind';
import type { GraphEdge } from '../../src/shared/graph-types';
import type { PortValue } from '../../src/shared/values';

/** A node's inputs, or why it cannot run. */
export type GatheredInputs =
  | {
      status: 'ready';
      inputs: Record<string, PortValue | undefined>;
      /** Input port → `<upstream key>#<upstream port>`, for the node's cache key. */
      inputKeys: Record<string, string>;
    }
  /** An upstream node failed or was blocked: this one is blocked, not failed. */
  | { status: 'blocked'; by: string }
  /** The node itself is wrong (a required input unconnected or not produced). */
  | { status: 'failed'; message: string };

/**
 * Collect a node's input values from the outputs of the nodes already run. A failed
 * upstream wins over a missing connection, which wins over an absent optional output,
 * whatever the order of the ports.
 */
export function gatherInputs(
  ports: Readonly<Record<string, Pick<PortSpec, 'optional'>>>,
  edgeInto: (port: string) => GraphEdge | undefined,
  outputs: ReadonlyMap<string, Record<string, PortValue>>,
  keys: ReadonlyMap<string, string>,
): GatheredInputs {
  const inputs: Record<string, PortValue | undefined> = {};
  const inputKeys: Record<string, string> = {};
  let blockedBy: string | undefined;
  let missing: string | undefined;
  let absent: string | undefined;
  for (const [port, spec] of Object.entries(ports)) {
    const edge = edgeInto(port);
    if (!edge) {
      if (!spec.optional) missing = port;
      continue;
    }
    const upstream = outputs.get(edge.source);
    if (!upstream) {
      blockedBy = edge.source;
      continue;
    }
    // An optional output (e.g. `applied` without `apply`) may not have been produced.
    if (upstream[edge.sourcePort] === undefined) {
      if (!spec.optional)
        absent = `Input "${port}": node "${edge.source}" did not produce its optional output "${edge.sourcePort}".`;
      continue;
    }
    inputs[port] = upstream[edge.sourcePort];
    inputKeys[port] = `${keys.get(edge.source)}#${edge.sourcePort}`;
  }
  if (blockedBy) return { status: 'blocked', by: blockedBy };
  if (missing) return { status: 'failed', message: `Input "${missing}" is not connected.` };
  if (absent) return { status: 'failed', message: absent };
  return { status: 'ready', inputs, inputKeys };
}
