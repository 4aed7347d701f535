import { downstreamClosure } from '../graph/topo-order';
import type { AppState, GetState, SetState } from './app-state';
import type { PwEdge } from './flow-types';
import { toGraphEdge } from './graph-convert';
import { markStale, type RunState } from './run-reducer';
import { changedNodeIds, type GraphSnapshot } from './snapshot';

/** Results of `ids`, and of every node they feed in `edges`, are out of date. */
export function staleFrom(run: RunState, ids: readonly string[], edges: readonly PwEdge[]): RunState {
  return ids.length ? markStale(run, downstreamClosure(ids, edges.map(toGraphEdge))) : run;
}

/**
 * The staleness rule, derived from the graph change alone: when the graph goes from `from`
 * to `to`, the results of nodes that (re)appear or whose params or inputs changed are out of
 * date, and so is everything downstream of them in `to`.
 */
export function staleAfter(run: RunState, from: GraphSnapshot, to: GraphSnapshot): RunState {
  return staleFrom(run, changedNodeIds(from, to), to.edges);
}

/**
 * The store's `set`, applying the staleness rule to every graph change it makes, so no
 * action (add, remove, connect, disconnect, params, undo, paste…) can forget to.
 */
export function withStaleness(set: SetState, get: GetState): SetState {
  return (partial) => {
    if (!partial.nodes && !partial.edges) {
      set(partial);
      return;
    }
    const before = get();
    const after: AppState = { ...before, ...partial };
    const run = staleAfter(after.run, before, after);
    set(run === after.run ? partial : { ...partial, run });
  };
}
