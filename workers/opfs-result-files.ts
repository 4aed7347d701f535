import type { ResultFiles } from './kept-results';

/** Kept results in the origin-private file system: private to this site, never uploaded. */
export class OpfsResultFiles implements ResultFiles {
  private dir: Promise<FileSystemDirectoryHandle> | undefined;

  constructor(private readonly name: string) {}

  /** Whether this browser has a private file system to keep results in. */
  static available(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
  }

  private folder(): Promise<FileSystemDirectoryHandle> {
    this.dir ??= navigator.storage
      .getDirectory()
      .then((root) => root.getDirectoryHandle(this.name, { create: true }));
    return this.dir;
  }

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      const handle = await (await this.folder()).getFileHandle(name);
      return new Uint8Array(await (await handle.getFile()).arrayBuffer());
    } catch {
      return undefined;
    }
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const handle = await (await this.folder()).getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    try {
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    } catch (err) {
      await writable.abort().catch(() => undefined);
      await this.remove(name);
      throw err;
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await (await this.folder()).removeEntry(name);
    } catch {
      // Not there: nothing to remove.
    }
  }

  async list(): Promise<{ name: string; size: number }[]> {
    const out: { name: string; size: number }[] = [];
    for await (const [name, handle] of (await this.folder()).entries())
      if (handle.kind === 'file')
        out.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
    return out;
  }
}
