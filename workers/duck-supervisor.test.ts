import { type Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { SqlTokens } from './duck-backend';
import { type MortalDuck, SupervisedDuck } from './duck-supervisor';

/** A backend whose statements wait until released, and whose worker can be made to die. */
class FakeDuck implements MortalDuck {
  readonly version = 'fake';
  readonly files: string[] = [];
  terminated = false;
  private pending: { resolve(t: Table): void; reject(e: Error): void }[] = [];
  constructor(readonly die: (reason: string) => void) {}
  query(): Promise<Table> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  /** Settle the oldest statement. */
  finish(error?: Error): void {
    const p = this.pending.shift();
    if (error) p?.reject(error);
    else p?.resolve(tableFromArrays({ x: [1] }));
  }
  hasFile(name: string): boolean {
    return this.files.includes(name);
  }
  async tableNames(): Promise<string[]> {
    return [];
  }
  async tokenize(): Promise<SqlTokens> {
    return { offsets: [], types: [] };
  }
  async loadFile(): Promise<void> {}
  async exportQuery(): Promise<Uint8Array> {
    return new Uint8Array();
  }
  async insertArrow(): Promise<void> {}
  async addFile(file: File): Promise<void> {
    this.files.push(file.name);
  }
  async removeFile(name: string): Promise<void> {
    this.files.splice(this.files.indexOf(name), 1);
  }
  running(): number {
    return this.pending.length;
  }
  async terminate(): Promise<void> {
    this.terminated = true;
  }
}

function setup() {
  const started: FakeDuck[] = [];
  const restarts: string[] = [];
  const duck = new SupervisedDuck(
    async (onDeath) => {
      const d = new FakeDuck(onDeath);
      started.push(d);
      return d;
    },
    (reason) => restarts.push(reason),
  );
  return { duck, started, restarts };
}

/** Let every pending promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const crashMessage =
  /DuckDB stopped unexpectedly \(.+\); most often it ran out of memory\. It was restarted with your files, but the tables it held are gone: run again\./;

describe('SupervisedDuck', () => {
  it('fails the statements in flight plainly when the DuckDB worker dies, then restarts it with every file', async () => {
    const { duck, started, restarts } = setup();
    await duck.addFile(new File(['a,b\n1,2\n'], 'sensors.csv'));
    const running = duck.query('SELECT 1');
    const other = duck.query('SELECT 2');
    await settle();
    started[0]?.die('Uncaught RangeError: WebAssembly.Memory(): could not allocate memory');
    await expect(running).rejects.toThrow(crashMessage);
    await expect(other).rejects.toThrow(/WebAssembly\.Memory\(\): could not allocate memory/);
    expect(restarts).toHaveLength(1);
    expect(started[0]?.terminated).toBe(true);
    // The next statement gets a fresh DuckDB that already holds the uploaded file.
    const next = duck.query('SELECT 3');
    await settle();
    expect(started).toHaveLength(2);
    expect(started[1]?.files).toEqual(['sensors.csv']);
    expect(duck.hasFile('sensors.csv')).toBe(true);
    started[1]?.finish();
    await expect(next).resolves.toBeDefined();
  });

  it('treats a WASM trap in a statement as a crash, but a SQL error as just an error', async () => {
    const { duck, started, restarts } = setup();
    const bad = duck.query('SELECT nonsense');
    await settle();
    started[0]?.finish(new Error('Binder Error: Referenced column "nonsense" not found'));
    await expect(bad).rejects.toThrow(/^Binder Error/);
    expect(restarts).toHaveLength(0);

    const trap = duck.query('SELECT big()');
    await settle();
    started[0]?.finish(Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' }));
    await expect(trap).rejects.toThrow(crashMessage);
    const abort = duck.query('SELECT 1');
    await settle();
    started[1]?.finish(new Error('Aborted(OOM). Build with -sASSERTIONS for more info.'));
    await expect(abort).rejects.toThrow(crashMessage);
    expect(restarts).toHaveLength(2);
    expect(started.map((d) => d.terminated)).toEqual([true, true]);
  });

  it('tries again to start DuckDB when a start fails', async () => {
    let attempts = 0;
    const duck = new SupervisedDuck(async (onDeath) => {
      attempts++;
      if (attempts === 1) throw new Error('WebAssembly.instantiate(): out of memory');
      return new FakeDuck(onDeath);
    });
    await expect(duck.ready()).rejects.toThrow(/out of memory/);
    await expect(duck.ready()).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });

  it('restarts DuckDB after it ran out of memory, keeping the plain message', async () => {
    const { duck, started, restarts } = setup();
    const big = duck.query('CREATE TABLE t AS SELECT * FROM read_csv(...)');
    const beside = duck.query('SELECT 1');
    await settle();
    started[0]?.finish(
      new Error(
        'Out of memory: this needs more than the 3.1 GiB DuckDB can hold in this browser tab. (Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used))',
      ),
    );
    await expect(big).rejects.toThrow(
      /^Out of memory: this needs more than the 3\.1 GiB .* DuckDB was restarted to give its memory back; the other results it held are gone and re-run next time\.$/,
    );
    // A statement running beside it is told why it failed, not about memory it did not use.
    await expect(beside).rejects.toThrow(
      'DuckDB was restarted because another step ran out of memory; the tables it held are gone: run again.',
    );
    expect(restarts).toHaveLength(1);
    expect(started[0]?.terminated).toBe(true);
  });
});
