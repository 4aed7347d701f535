import { downstreamTargets, fitBeforeSplit } from '../src/graph/pipeline-roles';
import { edgesBy, topoOrder, upstreamClosure } from '../src/graph/topo-order';
import { validateGraph } from '../src/graph/validate';
import type { NodeKind, RunContext } from '../src/nodes/define-node-kind';
import type { GraphNode, PipelineGraph } from '../src/shared/graph-types';
import type { EngineEvent, NodeReport, RunOptions } from '../src/shared/protocol';
import type { OutputSummary, PortValue } from '../src/shared/values';
import { cacheKey } from './cache-key';

/** A node's finished result, kept so unchanged nodes are not recomputed. */
export interface CachedResult {
  key: string;
  outputs: Record<string, PortValue>;
  warnings: string[];
  report?: NodeReport;
}

/** The parts of a node's context that the executor provides (events, cancellation). */
export type ContextHooks = Pick<
  RunContext,
  'progress' | 'log' | 'warn' | 'report' | 'signal' | 'point' | 'targets'
>;

export interface ExecutorDeps {
  lookup: (kind: string) => NodeKind | undefined;
  /** Build the context for one node's run. */
  makeContext(node: GraphNode, hooks: ContextHooks): RunContext;
  /** Extra cache-key material for a node (e.g. the content fingerprint of its file). */
  keyExtra(node: GraphNode): string;
  /** Results of earlier runs, by node id; the executor reads and updates it. */
  cache: Map<string, CachedResult>;
  /** Called when a cached result is dropped, so its tables can be freed. */
  onEvict?(nodeId: string, result: CachedResult): void;
  /** Whether a cached result still holds (e.g. its model survived a training-worker restart). */
  isAlive?(result: CachedResult): Promise<boolean>;
  /** A result kept from an earlier session under `key`, restored as `nodeId`'s outputs. */
  restore?(nodeId: string, key: string): Promise<CachedResult | undefined>;
  /** A deterministic node's fresh result, to keep for later sessions. */
  keep?(result: CachedResult): void;
  now?: () => number;
}

export function summarize(outputs: Record<string, PortValue>): Record<string, OutputSummary> {
  const summary: Record<string, OutputSummary> = {};
  for (const [port, v] of Object.entries(outputs)) {
    if (v.type === 'table') summary[port] = { type: 'table', rowCount: v.rowCount, columns: v.columns };
    else if (v.type === 'metrics')
      summary[port] = { type: 'metrics', values: v.values, ...(v.sd ? { sd: v.sd } : {}) };
    else summary[port] = { type: 'model' };
  }
  return summary;
}

/**
 * A failure as the node shows it. DuckDB-WASM reports some errors as a JSON object
 * (`{"exception_type":"Parser","exception_message":…}`): shown as DuckDB's own text instead.
 */
export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!message.startsWith('{"exception_type"')) return message;
  try {
    const json = JSON.parse(message) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof json.exception_message === 'string')
      return `${typeof json.exception_type === 'string' ? `${json.exception_type} Error: ` : ''}${json.exception_message}`;
  } catch {
    // Not JSON after all: show it as it is.
  }
  return message;
}

let runCounter = 0;

/** How many nodes may run at once (SQL queues in DuckDB; training runs in its own worker). */
const MAX_CONCURRENT = 3;

/**
 * `work`, or a rejection as soon as `signal` aborts. The abort listener is removed when the
 * work settles: left on the run's signal, one per node, thousands would pile up in a run.
 */
async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('Run cancelled.'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

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
  const inputEdge = (id: string, port: string) => incoming.get(id)?.find((e) => e.targetPort === port);
  const keys = new Map<string, string>();
  const outputs = new Map<string, Record<string, PortValue>>();
  // From the whole graph, not the run's scope: running part of it must not change a
  // fitted node's columns (or key) because the model below it is out of scope.
  const targetsOf = downstreamTargets(graph.nodes, graph.edges, deps.lookup);
  const leaks = fitBeforeSplit(graph.nodes, graph.edges, deps.lookup);
  let anyError = failed.size > 0;

  const runNode = async (id: string): Promise<void> => {
    if (failed.has(id)) return;
    const node = byId.get(id) as GraphNode;
    if (signal.aborted) {
      emit({ type: 'node-blocked', runId, nodeId: id, message: 'Run cancelled.' });
      return;
    }
    const kind = deps.lookup(node.kind);
    const t0 = now();
    const fail = (message: string, report?: NodeReport) => {
      failed.add(id);
      anyError = true;
      const old = deps.cache.get(id);
      if (old) {
        deps.cache.delete(id);
        deps.onEvict?.(id, old);
      }
      emit({ type: 'node-failed', runId, nodeId: id, message, durationMs: now() - t0, report });
    };
    if (!kind) {
      fail(`Unknown node kind "${node.kind}".`);
      return;
    }
    // Gather inputs; a failed or blocked upstream blocks this node.
    const inputs: Record<string, PortValue | undefined> = {};
    const inputKeys: Record<string, string> = {};
    let blockedBy: string | undefined;
    let missing: string | undefined;
    let absent: string | undefined;
    for (const [port, spec] of Object.entries(kind.inputs)) {
      const edge = inputEdge(id, port);
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
    if (blockedBy) {
      failed.add(id);
      const title = deps.lookup(byId.get(blockedBy)?.kind ?? '')?.title ?? blockedBy;
      emit({
        type: 'node-blocked',
        runId,
        nodeId: id,
        message: `Not run: its input from "${title}" (${blockedBy}) failed.`,
      });
      return;
    }
    if (missing) {
      fail(`Input "${missing}" is not connected.`);
      return;
    }
    if (absent) {
      fail(absent);
      return;
    }
    const parsed = kind.paramsSchema.safeParse(node.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(`Param "${issue?.path.join('.')}": ${issue?.message}`);
      return;
    }
    // Only fitted kinds read the targets, so only their keys depend on them.
    const targets = kind.role === 'fitted' ? (targetsOf.get(id) ?? []) : [];
    // The leak warning comes from the graph's shape, not the result: never cached with it.
    const leak = leaks.get(id);
    const withLeak = (warnings: string[]) => (leak ? [leak, ...warnings] : warnings);
    const key = await cacheKey({
      kind: kind.kind,
      version: kind.version,
      params: parsed.data,
      inputKeys,
      // A result that is not a function of params and inputs (a database read) gets a key of
      // its own each run, so the nodes after it recompute instead of serving old results.
      fingerprint: kind.deterministic
        ? deps.keyExtra(node)
        : `${deps.keyExtra(node)}\nrun ${crypto.randomUUID()}`,
      targets,
    });
    keys.set(id, key);
    let cached = deps.cache.get(id);
    if (kind.deterministic && !(cached && cached.key === key) && deps.restore) {
      // Replaces an older result as a recomputed one would: same table names, and its model
      // is collected after the run.
      const kept = await deps.restore(id, key);
      if (kept) {
        deps.cache.set(id, kept);
        cached = kept;
      }
    }
    if (kind.deterministic && cached && cached.key === key && (await (deps.isAlive?.(cached) ?? true))) {
      outputs.set(id, cached.outputs);
      emit({
        type: 'node-cached',
        runId,
        nodeId: id,
        outputs: summarize(cached.outputs),
        warnings: withLeak(cached.warnings),
        report: cached.report,
      });
      return;
    }
    emit({ type: 'node-started', runId, nodeId: id });
    const warnings: string[] = [];
    let report: NodeReport | undefined;
    const ctx = deps.makeContext(node, {
      signal,
      targets,
      progress: (fraction, message) => emit({ type: 'node-progress', runId, nodeId: id, fraction, message }),
      log: (message) => emit({ type: 'node-log', runId, nodeId: id, message }),
      point: (values) => emit({ type: 'node-point', runId, nodeId: id, values }),
      warn: (message) => warnings.push(message),
      report: (r) => {
        report = r;
      },
    });
    try {
      // Cancel must free the node at once even when its statement cannot be interrupted: the
      // late result, if any, is dropped (never cached), and the node reports the cancel.
      const attempts = 1 + Math.max(0, Math.min(10, node.retries ?? 0));
      let result: Record<string, PortValue> | undefined;
      for (let attempt = 1; !result; attempt++) {
        try {
          result = await raceAbort(kind.run({ inputs, params: parsed.data, ctx }), signal);
        } catch (err) {
          if (signal.aborted || attempt >= attempts) throw err;
          emit({
            type: 'node-log',
            runId,
            nodeId: id,
            message: `attempt ${attempt} of ${attempts} failed (${messageOf(err)}); retrying`,
          });
        }
      }
      if (signal.aborted) throw new Error('Run cancelled.');
      outputs.set(id, result);
      deps.cache.set(id, { key, outputs: result, warnings, report });
      if (kind.deterministic) deps.keep?.({ key, outputs: result, warnings, report });
      emit({
        type: 'node-done',
        runId,
        nodeId: id,
        outputs: summarize(result),
        warnings: withLeak(warnings),
        report,
        durationMs: now() - t0,
      });
    } catch (err) {
      if (signal.aborted) {
        // Cancelled, not failed: the node goes back to idle and keeps no result.
        const old = deps.cache.get(id);
        if (old) {
          deps.cache.delete(id);
          deps.onEvict?.(id, old);
        }
        failed.add(id);
        emit({ type: 'node-blocked', runId, nodeId: id, message: 'Run cancelled.' });
      } else fail(messageOf(err), report);
    }
  };

  // Independent branches run together (SQL while a model trains); a node starts once every
  // node feeding it has settled. DuckDB queues statements per connection, so this is safe.
  // Each node counts the in-scope edges still unsettled upstream of it and joins `ready`
  // (in the order they become ready; at first, topological order) when that reaches 0.
  const outgoing = edgesBy(graph.edges, 'source');
  const waitingOn = new Map<string, number>(order.map((id) => [id, 0]));
  for (const id of order)
    for (const e of incoming.get(id) ?? [])
      if (inScope.has(e.source)) waitingOn.set(id, (waitingOn.get(id) ?? 0) + 1);
  const ready: string[] = [];
  const settle = (id: string) => {
    for (const e of outgoing.get(id) ?? []) {
      const count = waitingOn.get(e.target);
      if (count === undefined) continue; // out of scope, or on a cycle
      waitingOn.set(e.target, count - 1);
      if (count === 1 && !failed.has(e.target)) ready.push(e.target);
    }
  };
  for (const id of order) if (!failed.has(id) && waitingOn.get(id) === 0) ready.push(id);
  for (const id of failed) settle(id);
  const running = new Map<string, Promise<void>>();
  for (let head = 0; head < ready.length || running.size; ) {
    while (head < ready.length && running.size < MAX_CONCURRENT) {
      const id = ready[head++] as string;
      running.set(
        id,
        runNode(id).finally(() => {
          running.delete(id);
          settle(id);
        }),
      );
    }
    // Nothing runs and nothing is ready: only with a cycle, whose nodes already failed.
    if (!running.size) break;
    await Promise.race(running.values());
  }
  const status = signal.aborted ? 'cancelled' : anyError ? 'error' : 'done';
  emit({ type: 'run-finished', runId, status, durationMs: now() - started });
  return status;
}
