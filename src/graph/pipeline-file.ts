import { z } from 'zod';
import type { GraphEdge, GraphNode, PipelineGraph } from '../shared/graph-types';
import { type KindLookup, validateGraph } from './validate';

export const PIPELINE_FORMAT = 'pipewright/pipeline';
export const PIPELINE_VERSION = 1;
/** Larger pipeline files are refused before parsing (a pipeline is a few KB). */
export const MAX_PIPELINE_BYTES = 5 * 1024 * 1024;

const fileSchema = z.object({
  format: z.literal(PIPELINE_FORMAT),
  version: z.number().int(),
  name: z.string().default('Untitled pipeline'),
  nodes: z.array(
    z.object({
      id: z.string().min(1),
      kind: z.string().min(1),
      params: z.record(z.string(), z.unknown()).default({}),
      position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
      retries: z.number().int().min(0).max(10).optional(),
    }),
  ),
  edges: z
    .array(
      z.object({
        source: z.string(),
        sourcePort: z.string(),
        target: z.string(),
        targetPort: z.string(),
      }),
    )
    .default([]),
});

export type ParseResult = { ok: true; graph: PipelineGraph } | { ok: false; errors: string[] };

function describePath(path: PropertyKey[], raw: unknown): string {
  // Name the node by its id where the path goes through nodes[i].
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    const node = (raw as { nodes?: { id?: unknown }[] }).nodes?.[path[1]];
    const id = typeof node?.id === 'string' ? `node "${node.id}"` : `nodes[${path[1]}]`;
    return path.length > 2 ? `${id}: field "${path.slice(2).join('.')}"` : id;
  }
  return path.length ? `field "${path.join('.')}"` : 'the file';
}

/**
 * Parse a pipeline file (text) into a graph with defaults filled in, or give every
 * problem found, each naming the node and field. Nothing partial is ever returned.
 */
export function parsePipelineFile(text: string, lookup: KindLookup): ParseResult {
  if (text.length > MAX_PIPELINE_BYTES)
    return {
      ok: false,
      errors: [`The file is ${(text.length / 1e6).toFixed(1)} MB; a pipeline file is at most 5 MB.`],
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`Not a pipeline file: the text is not JSON (${(err as Error).message}).`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, errors: ['Not a pipeline file: expected a JSON object.'] };
  const obj = raw as Record<string, unknown>;
  if (obj.format !== PIPELINE_FORMAT)
    return { ok: false, errors: [`Not a pipeline file: "format" must be "${PIPELINE_FORMAT}".`] };
  if (obj.version !== PIPELINE_VERSION)
    return {
      ok: false,
      errors: [
        `Unsupported pipeline version ${JSON.stringify(obj.version)}: this app reads version ${PIPELINE_VERSION}.`,
      ],
    };
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${describePath(i.path, raw)}: ${i.message}`),
    };
  const file = parsed.data;
  const issues = validateGraph(file.nodes, file.edges, lookup);
  if (issues.length) return { ok: false, errors: issues.map((i) => i.message) };
  const nodes: GraphNode[] = file.nodes.map((n) => {
    const kind = lookup(n.kind);
    const params = kind ? kind.paramsSchema.parse(n.params) : n.params;
    return {
      id: n.id,
      kind: n.kind,
      params,
      position: n.position,
      ...(n.retries ? { retries: n.retries } : {}),
    };
  });
  return { ok: true, graph: { name: file.name, nodes, edges: file.edges } };
}

/** Serialise a graph as a pipeline file (stable key order, pretty-printed). */
export function serializePipeline(graph: PipelineGraph): string {
  const file = {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name: graph.name,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      params: n.params,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      ...(n.retries ? { retries: n.retries } : {}),
    })),
    edges: graph.edges.map(
      (e): GraphEdge => ({
        source: e.source,
        sourcePort: e.sourcePort,
        target: e.target,
        targetPort: e.targetPort,
      }),
    ),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name for downloading a pipeline: `<name>.pipeline.json`. */
export function pipelineFileName(name: string): string {
  const safe = name.trim().replace(/[\\/:*?"<>|]+/g, '-') || 'pipeline';
  return `${safe}.pipeline.json`;
}
