import { get, set } from 'idb-keyval';
import { describeStorageError, reportStorageProblem } from './problems';

/** A value kept in IndexedDB, or `fallback` when there is none or it cannot be read. */
export async function readValue<T>(key: string, fallback: T): Promise<T> {
  try {
    return (await get<T>(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Keep a value in IndexedDB. A refusal (storage full, private mode) is reported to the user
 * as `what` was not saved, and answered false; it never throws.
 */
export async function writeValue(key: string, value: unknown, what: string): Promise<boolean> {
  try {
    await set(key, value);
    return true;
  } catch (err) {
    reportStorageProblem({ what, reason: describeStorageError(err) });
    return false;
  }
}
