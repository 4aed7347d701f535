/** Nodes and edges of pipeline files written by the command-line runner's tests. */
export const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({
  id,
  kind,
  params,
  position: { x: 0, y: 0 },
});

/** An edge from `source`'s `sourcePort` to `target`'s `targetPort` (out → in unless told). */
export const edge = (source: string, target: string, sourcePort = 'out', targetPort = 'in') => ({
  source,
  sourcePort,
  target,
  targetPort,
});
