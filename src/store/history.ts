import type { GraphSnapshot } from './snapshot';

/** Undo steps kept; older ones are dropped (the issue asks for at least 100). */
export const HISTORY_LIMIT = 200;

/**
 * The undo stack: `past` holds the graph before each commit (newest last), `future` the
 * graphs undone since the last commit (next redo last). `lastKey` lets a run of commits of
 * one kind (typing a pipeline name) merge into a single step.
 */
export interface History {
  readonly past: readonly GraphSnapshot[];
  readonly future: readonly GraphSnapshot[];
  readonly lastKey?: string;
}

export const emptyHistory: History = { past: [], future: [] };

/**
 * Record a commit: `before` is the graph as it was just before the edit. A new edit
 * clears the redo stack. Consecutive commits with the same defined `key` stay one step.
 */
export function record(
  history: History,
  before: GraphSnapshot,
  key?: string,
  limit = HISTORY_LIMIT,
): History {
  if (key !== undefined && key === history.lastKey)
    return history.future.length ? { ...history, future: [] } : history;
  const past =
    history.past.length >= limit ? history.past.slice(history.past.length - limit + 1) : history.past;
  return { past: [...past, before], future: [], lastKey: key };
}

/** Step back: the graph to show and the stack with `current` moved onto the redo side. */
export function undo(
  history: History,
  current: GraphSnapshot,
): { history: History; target: GraphSnapshot } | undefined {
  const target = history.past.at(-1);
  if (!target) return undefined;
  return { history: { past: history.past.slice(0, -1), future: [...history.future, current] }, target };
}

/** Step forward again after an undo. */
export function redo(
  history: History,
  current: GraphSnapshot,
): { history: History; target: GraphSnapshot } | undefined {
  const target = history.future.at(-1);
  if (!target) return undefined;
  return { history: { past: [...history.past, current], future: history.future.slice(0, -1) }, target };
}
