import { downstreamTargets, fitBeforeSplit } from '../src/graph/pipeline-roles';
import { edgesBy, topoOrder, upstreamClosure } from '../src/graph/topo-order';
import { validateGraph } from '../src/graph/validate';
import type { PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent, RunOptions } from '../src/shared/protocol';
import { type RunState, runNode } from './executor/run-node';
import { runScheduled } from './executor/schedule';
import type { ExecutorDeps } from './executor/types';

export { messageOf, summarize } from './executor/summarize';
export type { CachedResult, ContextHooks, ExecutorDeps } from './executor/types';

let runCounter = 0;

/**
 * Run a graph in topological order. A node whose inputs failed is `blocked` (not run);
 * independent nodes still run. A node whose key (kind, version, params, input keys, file
 * fingerprint) matches its cached result is reported `cached` without running.
 */
export async function executeGraph(
  graph: PipelineGraph,
  deps: ExecutorDeps,
  emit: (event: EngineEvent) => void,
  signal: AbortSignal,
  options: RunOptions = {},
): Promise<'done' | 'error' | 'cancelled'> {
  const runId = ++runCounter;
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inScope = options.targets ? upstreamClosure(options.targets, graph.edges) : new Set(byId.keys());
  const { order } = topoOrder(
    graph.nodes.map((n) => n.id).filter((id) => inScope.has(id)),
    graph.edges,
  );
  emit({ type: 'run-started', runId, nodeIds: order });

  // Whole-graph problems (cycles, bad edges) fail the nodes they name, before anything runs.
  const graphIssues = validateGraph(graph.nodes, graph.edges, deps.lookup).filter(
    (i) => !i.field || i.field === 'id',
  );
  const failed = new Set<string>();
  for (const issue of graphIssues) {
    if (issue.nodeId && inScope.has(issue.nodeId)) {
      failed.add(issue.nodeId);
      emit({ type: 'node-failed', runId, nodeId: issue.nodeId, message: issue.message, durationMs: 0 });
    }
  }
  for (const id of order) if (!failed.has(id)) emit({ type: 'node-queued', runId, nodeId: id });

  // Indexed once: scanning every edge per node is quadratic on graphs of thousands of nodes.
  const incoming = edgesBy(graph.edges, 'target');
  const state: RunState = {
    runId,
    deps,
    emit,
    signal,
    now,
    byId,
    inputEdge: (id, port) => incoming.get(id)?.find((e) => e.targetPort === port),
    // From the whole graph, not the run's scope: running part of it must not change a
    // fitted node's columns (or key) because the model below it is out of scope.
    targetsOf: downstreamTargets(graph.nodes, graph.edges, deps.lookup),
    leaks: fitBeforeSplit(graph.nodes, graph.edges, deps.lookup),
    failed,
    outputs: new Map(),
    keys: new Map(),
    anyError: failed.size > 0,
  };
  await runScheduled({ order, inScope, incoming, outgoing: edgesBy(graph.edges, 'source'), failed }, (id) =>
    runNode(state, id),
  );
  const status = signal.aborted ? 'cancelled' : state.anyError ? 'error' : 'done';
  emit({ type: 'run-finished', runId, status, durationMs: now() - started });
  return status;
}
