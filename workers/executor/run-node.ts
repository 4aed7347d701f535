import type { GraphEdge, GraphNode } from '../../src/shared/graph-types';
import type { EngineEvent, NodeReport } from '../../src/shared/protocol';
import type { PortValue } from '../../src/shared/values';
import { evictCached } from './evict';
import { gatherInputs } from './gather-inputs';
import { nodeKey } from './node-key';
import { attemptsFor, runWithRetries } from './retry';
import { reusableResult } from './reuse-cached';
import { messageOf, summarize } from './summarize';
import type { ExecutorDeps } from './types';

/** What the nodes of one run share. */
export interface RunState {
  runId: number;
  deps: ExecutorDeps;
  emit: (event: EngineEvent) => void;
  signal: AbortSignal;
  now: () => number;
  byId: ReadonlyMap<string, GraphNode>;
  /** The edge into a node's input port, if any. */
  inputEdge: (id: string, port: string) => GraphEdge | undefined;
  /** Targets of the models below each fitted node (from the whole graph, not the run's scope). */
  targetsOf: ReadonlyMap<string, string[]>;
  /** A fit-before-split warning per node it concerns. */
  leaks: ReadonlyMap<string, string>;
  /** Nodes failed, blocked or cancelled in this run: their dependents are blocked. */
  failed: Set<string>;
  outputs: Map<string, Record<string, PortValue>>;
  keys: Map<string, string>;
  /** Set when any node failed. */
  anyError: boolean;
}

/**
 * Run one node whose upstream has settled: blocked if an input failed, failed if it is
 * wrong, `cached` if its key matches a result that still holds, else run (with retries).
 */
export async function runNode(state: RunState, id: string): Promise<void> {
  const { deps, emit, signal, now, runId } = state;
  if (state.failed.has(id)) return;
  const node = state.byId.get(id) as GraphNode;
  const blocked = (message: string) => {
    state.failed.add(id);
    emit({ type: 'node-blocked', runId, nodeId: id, message });
  };
  if (signal.aborted) {
    emit({ type: 'node-blocked', runId, nodeId: id, message: 'Run cancelled.' });
    return;
  }
  const kind = deps.lookup(node.kind);
  const t0 = now();
  const fail = (message: string, report?: NodeReport) => {
    state.failed.add(id);
    state.anyError = true;
    evictCached(deps, id);
    emit({ type: 'node-failed', runId, nodeId: id, message, durationMs: now() - t0, report });
  };
  if (!kind) {
    fail(`Unknown node kind "${node.kind}".`);
    return;
  }
  const gathered = gatherInputs(kind.inputs, (port) => state.inputEdge(id, port), state.outputs, state.keys);
  if (gathered.status === 'blocked') {
    const title = deps.lookup(state.byId.get(gathered.by)?.kind ?? '')?.title ?? gathered.by;
    blocked(`Not run: its input from "${title}" (${gathered.by}) failed.`);
    return;
  }
  if (gathered.status === 'failed') {
    fail(gathered.message);
    return;
  }
  const { inputs, inputKeys } = gathered;
  const parsed = kind.paramsSchema.safeParse(node.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`Param "${issue?.path.join('.')}": ${issue?.message}`);
    return;
  }
  // Only fitted kinds read the targets, so only their keys depend on them.
  const targets = kind.role === 'fitted' ? (state.targetsOf.get(id) ?? []) : [];
  // The leak warning comes from the graph's shape, not the result: never cached with it.
  const leak = state.leaks.get(id);
  const withLeak = (warnings: string[]) => (leak ? [leak, ...warnings] : warnings);
  const key = await nodeKey({ kind, params: parsed.data, inputKeys, extra: deps.keyExtra(node), targets });
  state.keys.set(id, key);
  const cached = await reusableResult(deps, id, key, kind.deterministic);
  if (cached) {
    state.outputs.set(id, cached.outputs);
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
    sqlProgress: (fraction, message) =>
      emit({ type: 'node-progress', runId, nodeId: id, fraction, message, sql: true }),
    log: (message) => emit({ type: 'node-log', runId, nodeId: id, message }),
    point: (values) => emit({ type: 'node-point', runId, nodeId: id, values }),
    warn: (message) => warnings.push(message),
    report: (r) => {
      report = r;
    },
  });
  try {
    const attempts = attemptsFor(node.retries);
    const result = await runWithRetries(
      () => kind.run({ inputs, params: parsed.data, ctx }),
      attempts,
      signal,
      (attempt, err) =>
        emit({
          type: 'node-log',
          runId,
          nodeId: id,
          message: `attempt ${attempt} of ${attempts} failed (${messageOf(err)}); retrying`,
        }),
    );
    // A late result after a cancel is dropped, never cached.
    if (signal.aborted) throw new Error('Run cancelled.');
    state.outputs.set(id, result);
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
      evictCached(deps, id);
      blocked('Run cancelled.');
    } else fail(messageOf(err), report);
  }
}
