/** Something the browser refused to store, phrased for the person using the app. */
export interface StorageProblem {
  /** What was not saved, e.g. `the run history`. */
  what: string;
  /** Why, in plain words. */
  reason: string;
}

/**
 * Whether the browser refused because storage is full. Checked by name, not class: an error
 * that crossed a worker boundary (Comlink) or came from another realm is no longer an
 * `instanceof DOMException`, and Firefox names it differently.
 */
export function isQuotaError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** Why a storage call failed, as a clause: "the browser's storage for this site is full". */
export function describeStorageError(err: unknown): string {
  if (isQuotaError(err)) return "the browser's storage for this site is full";
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  if (name === 'SecurityError' || name === 'InvalidStateError')
    return 'the browser does not let this site store data (private window or site settings)';
  const message = err instanceof Error ? err.message : String(err);
  return `the browser refused to store it (${message})`;
}

type Listener = (problem: StorageProblem) => void;
const listeners = new Set<Listener>();

/** Hear about every refused write that has no caller to tell (run history, say). */
export function onStorageProblem(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportStorageProblem(problem: StorageProblem): void {
  for (const listener of listeners) listener(problem);
}
