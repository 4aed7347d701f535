import { describeStorageError, isQuotaError } from './problems';

/** The outcome of a write: refused writes say why, never throw. */
export type WriteResult = { ok: true } | { ok: false; quota: boolean; reason: string };

// localStorage itself can throw on access (a sandboxed frame, storage blocked by settings).
function local(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The text stored under `key`; null when there is none or storage cannot be read. */
export function readText(key: string): string | null {
  try {
    return local()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeText(key: string, text: string): WriteResult {
  const storage = local();
  if (!storage) return { ok: false, quota: false, reason: describeStorageError({ name: 'SecurityError' }) };
  try {
    storage.setItem(key, text);
    return { ok: true };
  } catch (err) {
    return { ok: false, quota: isQuotaError(err), reason: describeStorageError(err) };
  }
}

export function removeKey(key: string): void {
  try {
    local()?.removeItem(key);
  } catch {
    // Nothing stored that could be removed.
  }
}

/**
 * Call `onChange` with the new text whenever another tab of this origin changes `key`
 * (the browser fires `storage` events only in the other tabs, never in the writer).
 */
export function watchKey(key: string, onChange: (text: string | null) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const listener = (event: StorageEvent) => {
    // key === null: the other tab cleared all of this origin's storage.
    if (event.key === key || event.key === null) onChange(event.key === null ? null : event.newValue);
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
