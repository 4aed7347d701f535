import { del, entries, set } from 'idb-keyval';
import type { FileKeepResult } from '../shared/protocol';
import { describeStorageError } from './problems';

/**
 * Uploaded files survive a reload: they are copied into the origin-private file system
 * (OPFS), or into IndexedDB where OPFS is missing, and handed back as disk-backed `File`s
 * that DuckDB reads lazily, like the originals. Nothing leaves the browser. Runs in the
 * engine worker (which holds the files) as well as on the page.
 */
const DIR = 'pipewright-files';
const IDB_PREFIX = 'pipewright-file:';
/**
 * A copy is written under this prefix and renamed when complete, so a copy that fails
 * (storage full) or is cut short (tab closed) never sits under the real name. It holds a
 * space, which `encode` never leaves in a name, so no upload can clash with it.
 */
const PARTIAL = 'partial ';

/** `move` is in Chromium's and Firefox's OPFS but not yet in TypeScript's DOM types. */
type MovableHandle = FileSystemFileHandle & { move?: (name: string) => Promise<void> };

function hasOpfs(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

async function opfsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create: true });
}

/** OPFS names may not contain '/' or be '.'/'..': encode, and decode on the way back. */
const encode = (name: string) => encodeURIComponent(name);
const decode = (name: string) => decodeURIComponent(name);

async function removeQuietly(dir: FileSystemDirectoryHandle, name: string): Promise<void> {
  try {
    await dir.removeEntry(name);
  } catch {
    // Not there: nothing to remove.
  }
}

/** Why `size` more bytes will not fit, when the browser says so up front; else undefined. */
async function wontFit(size: number): Promise<string | undefined> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (quota === undefined || usage === undefined || size <= quota - usage) return undefined;
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    return `the browser's storage for this site is full (${mb(size)} needed, ${mb(Math.max(0, quota - usage))} free)`;
  } catch {
    return undefined;
  }
}

/** Copy `file` into `dir` whole, or leave nothing of it behind. */
export async function writeWhole(dir: FileSystemDirectoryHandle, file: File): Promise<void> {
  const name = encode(file.name);
  const handle: MovableHandle = await dir.getFileHandle(`${PARTIAL}${name}`, { create: true });
  // Without a rename (older engines) the copy goes under its real name, removed if it fails.
  const target: FileSystemFileHandle =
    typeof handle.move === 'function' ? handle : await dir.getFileHandle(name, { create: true });
  try {
    // Streamed: a file of hundreds of MB is never held in memory whole.
    await file.stream().pipeTo(await target.createWritable());
    if (target === handle && handle.move) {
      await removeQuietly(dir, name);
      await handle.move(name);
    }
  } catch (err) {
    await removeQuietly(dir, target.name);
    throw err;
  } finally {
    if (target !== handle) await removeQuietly(dir, handle.name);
  }
}

/**
 * Keep a copy of an uploaded file for later visits. When the browser refuses (storage full,
 * private mode) the result says why, and no empty or partial copy is left to read as the file.
 */
export async function persistFile(file: File): Promise<FileKeepResult> {
  const tooBig = hasOpfs() ? await wontFit(file.size) : undefined;
  if (tooBig) return { name: file.name, kept: false, reason: tooBig };
  try {
    if (hasOpfs()) await writeWhole(await opfsDir(), file);
    else await set(`${IDB_PREFIX}${file.name}`, file);
    return { name: file.name, kept: true };
  } catch (err) {
    return { name: file.name, kept: false, reason: describeStorageError(err) };
  }
}

/** Every kept file from `dir`; leftovers of copies that never completed are removed. */
export async function readWhole(dir: FileSystemDirectoryHandle): Promise<File[]> {
  const files: File[] = [];
  const leftovers: string[] = [];
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind !== 'file') continue;
    const stored = await (handle as FileSystemFileHandle).getFile();
    // An empty file under a real name is what earlier versions left when a copy failed: it
    // would read as an empty table, where "file missing" is the truth.
    if (name.startsWith(PARTIAL) || stored.size === 0) {
      leftovers.push(name);
      continue;
    }
    // Re-wrap so the File carries the user's name, not the encoded one; still disk-backed.
    files.push(new File([stored], decode(name), { type: stored.type, lastModified: stored.lastModified }));
  }
  for (const name of leftovers) await removeQuietly(dir, name);
  return files;
}

/** Every kept file, as `File`s named as uploaded. */
export async function restoreFiles(): Promise<File[]> {
  try {
    if (hasOpfs()) return await readWhole(await opfsDir());
    const files: File[] = [];
    for (const [key, value] of await entries<string, File>())
      if (typeof key === 'string' && key.startsWith(IDB_PREFIX) && value instanceof Blob)
        files.push(new File([value], key.slice(IDB_PREFIX.length), { lastModified: value.lastModified }));
    return files;
  } catch {
    // Storage unavailable: start without kept files rather than failing the engine.
    return [];
  }
}

/** Forget a kept file. */
export async function forgetFile(name: string): Promise<void> {
  try {
    if (hasOpfs()) await removeQuietly(await opfsDir(), encode(name));
    else await del(`${IDB_PREFIX}${name}`);
  } catch {
    // Already gone.
  }
}
