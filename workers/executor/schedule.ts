import type { GraphEdge } from '../../src/shared/graph-types';

/** How many nodes may run at once (SQL queues in DuckDB; training runs in its own worker). */
export const MAX_CONCURRENT = 3;

export interface SchedulePlan {
  /** The nodes to run, in topological order. */
  order: readonly string[];
  inScope: ReadonlySet<string>;
  /** Edges by target and by source (`edgesBy`). */
  incoming: ReadonlyMap<string, readonly GraphEdge[]>;
  outgoing: ReadonlyMap<string, readonly GraphEdge[]>;
  /**
   * Nodes failed so far. Those failed before the run are never started (their dependents
   * still are, to report themselves blocked); the set may grow while the run goes on.
   */
  failed: ReadonlySet<string>;
}

/**
 * Run every node of `plan` through `run`, each once every in-scope node feeding it has
 * settled, at most `maxConcurrent` at a time. Independent branches run together (SQL while a
 * model trains); DuckDB queues statements per connection, so this is safe. Ready nodes start
 * in the order they became ready (at first, topological order). Linear in nodes + edges.
 */
export async function runScheduled(
  plan: SchedulePlan,
  run: (id: string) => Promise<void>,
  maxConcurrent = MAX_CONCURRENT,
): Promise<void> {
  const { order, inScope, incoming, outgoing, failed } = plan;
  // Each node counts the in-scope edges still unsettled upstream of it.
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
  for (const id of [...failed]) settle(id);
  const running = new Map<string, Promise<void>>();
  for (let head = 0; head < ready.length || running.size; ) {
    while (head < ready.length && running.size < maxConcurrent) {
      const id = ready[head++] as string;
      running.set(
        id,
        run(id).finally(() => {
          running.delete(id);
          settle(id);
        }),
      );
    }
    // Nothing runs and nothing is ready: only with a cycle, whose nodes already failed.
    if (!running.size) break;
    await Promise.race(running.values());
  }
}
