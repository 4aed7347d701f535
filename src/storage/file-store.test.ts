import { describe, expect, it } from 'vitest';
import { readWhole, writeWhole } from './file-store';

/**
 * A minimal origin-private directory in memory: enough of the File System Access API for
 * the file store, with a write that fails after `failAfter` bytes as a full disk does.
 */
class FakeDir {
  files = new Map<string, Uint8Array>();
  constructor(
    private readonly failAfter = Number.POSITIVE_INFINITY,
    private readonly canMove = true,
  ) {}

  async getFileHandle(name: string, options?: { create?: boolean }) {
    if (!this.files.has(name)) {
      if (!options?.create) throw new DOMException('not found', 'NotFoundError');
      // As OPFS does: the entry exists, empty, from this moment on.
      this.files.set(name, new Uint8Array());
    }
    return this.handle(name);
  }

  private handle(initial: string) {
    const dir = this;
    const handle = {
      kind: 'file' as const,
      name: initial,
      async getFile() {
        const bytes = dir.files.get(handle.name) ?? new Uint8Array();
        return new File([bytes as Uint8Array<ArrayBuffer>], handle.name);
      },
      async createWritable() {
        const chunks: Uint8Array[] = [];
        let size = 0;
        // The copy lands only when the stream closes, as with OPFS's swap file.
        return new WritableStream<Uint8Array>({
          write(chunk) {
            size += chunk.byteLength;
            if (size > dir.failAfter)
              throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            chunks.push(chunk);
          },
          close() {
            dir.files.set(handle.name, new Uint8Array(Buffer.concat(chunks)));
          },
        });
      },
      ...(this.canMove
        ? {
            async move(name: string) {
              const bytes = dir.files.get(handle.name);
              dir.files.delete(handle.name);
              if (bytes) dir.files.set(name, bytes);
              handle.name = name;
            },
          }
        : {}),
    };
    return handle;
  }

  async removeEntry(name: string) {
    if (!this.files.delete(name)) throw new DOMException('not found', 'NotFoundError');
  }

  async *entries() {
    for (const name of [...this.files.keys()]) yield [name, this.handle(name)] as const;
  }
}

const asDir = (d: FakeDir) => d as unknown as FileSystemDirectoryHandle;
const csv = new File(['id,v\n1,10\n2,20\n'], 'data set.csv');

describe('writeWhole', () => {
  it('keeps the whole file under its (encoded) name and nothing else', async () => {
    const dir = new FakeDir();
    await writeWhole(asDir(dir), csv);
    expect([...dir.files.keys()]).toEqual(['data%20set.csv']);
    expect(new TextDecoder().decode(dir.files.get('data%20set.csv'))).toBe('id,v\n1,10\n2,20\n');
  });

  it.each([
    ['with a rename', true],
    ['without a rename', false],
  ])(
    'a copy that fails (storage full) leaves no empty placeholder to read as the file, %s',
    async (_, canMove) => {
      const dir = new FakeDir(4, canMove);
      await expect(writeWhole(asDir(dir), csv)).rejects.toMatchObject({ name: 'QuotaExceededError' });
      expect([...dir.files.keys()]).toEqual([]);
    },
  );

  it('a failed copy leaves the earlier copy of the same name as it was', async () => {
    const dir = new FakeDir(4);
    dir.files.set('data%20set.csv', new TextEncoder().encode('old'));
    await expect(writeWhole(asDir(dir), csv)).rejects.toThrow();
    expect(new TextDecoder().decode(dir.files.get('data%20set.csv'))).toBe('old');
  });
});

describe('readWhole', () => {
  it('gives back kept files by their names, and removes empty placeholders and unfinished copies', async () => {
    const dir = new FakeDir();
    await writeWhole(asDir(dir), csv);
    dir.files.set('empty.csv', new Uint8Array());
    dir.files.set('partial big.csv', new TextEncoder().encode('id\n1'));
    const files = await readWhole(asDir(dir));
    expect(files.map((f) => [f.name, f.size])).toEqual([['data set.csv', 15]]);
    expect([...dir.files.keys()]).toEqual(['data%20set.csv']);
  });
});
