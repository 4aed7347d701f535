import { del, entries, set } from 'idb-keyval';

/**
 * Uploaded files survive a reload: they are copied into the origin-private file system
 * (OPFS), or into IndexedDB where OPFS is missing, and handed back as disk-backed `File`s
 * that DuckDB reads lazily, like the originals. Nothing leaves the browser.
 */
const DIR = 'pipewright-files';
const IDB_PREFIX = 'pipewright-file:';

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

/** Keep a copy of an uploaded file; false when the browser refused (quota, private mode). */
export async function persistFile(file: File): Promise<boolean> {
  try {
    if (hasOpfs()) {
      const handle = await (await opfsDir()).getFileHandle(encode(file.name), { create: true });
      const writable = await handle.createWritable();
      // Streamed: a file of hundreds of MB is never held in memory whole.
      await file.stream().pipeTo(writable);
      return true;
    }
    await set(`${IDB_PREFIX}${file.name}`, file);
    return true;
  } catch {
    return false;
  }
}

/** Every kept file, as `File`s named as uploaded. */
export async function restoreFiles(): Promise<File[]> {
  const files: File[] = [];
  try {
    if (hasOpfs()) {
      const dir = await opfsDir();
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind !== 'file') continue;
        const stored = await (handle as FileSystemFileHandle).getFile();
        // Re-wrap so the File carries the user's name, not the encoded one; still disk-backed.
        files.push(
          new File([stored], decode(name), { type: stored.type, lastModified: stored.lastModified }),
        );
      }
      return files;
    }
    for (const [key, value] of await entries<string, File>())
      if (typeof key === 'string' && key.startsWith(IDB_PREFIX) && value instanceof Blob)
        files.push(new File([value], key.slice(IDB_PREFIX.length), { lastModified: value.lastModified }));
  } catch {
    // Storage unavailable: start without kept files rather than failing the engine.
  }
  return files;
}

/** Forget a kept file. */
export async function forgetFile(name: string): Promise<void> {
  try {
    if (hasOpfs()) await (await opfsDir()).removeEntry(encode(name));
    else await del(`${IDB_PREFIX}${name}`);
  } catch {
    // Already gone.
  }
}
