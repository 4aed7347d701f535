import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineRunner } from './runner';

// A 100M-row CSV through "Sensor data preparation" under --memory-limit 4GB keeps eight
// node tables for the run; in memory they spilled uncompressed (≈600 bytes a row in all,
// more than the disk had free). With a memory limit the runner keeps them compressed in a
// database file beside the spill.

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'pw-tables-on-disk-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file the runner's default database lives in ('' for memory). */
async function databaseFile(runner: PipelineRunner): Promise<string> {
  const path = await runner.duck.duck.scalar(
    "SELECT coalesce(path, '') FROM duckdb_databases() WHERE database_name = current_database()",
  );
  return String(path);
}

describe('the CLI runner with a memory limit', () => {
  it('keeps node tables compressed in a database file in the temp folder, removed on close', async () => {
    const spill = join(dir, 'spill');
    const runner = await PipelineRunner.create({
      files: {},
      out: join(dir, 'out'),
      memoryLimit: '64MB',
      tempDirectory: spill,
    });
    const file = await databaseFile(runner);
    try {
      expect(file).toMatch(/tables\.duckdb$/);
      expect(dirname(dirname(file))).toBe(spill);
      // 2M repetitive rows: 32 MB as in-memory vectors, a few MB compressed.
      await runner.duck.query(
        "CREATE TABLE t AS SELECT range AS i, 'S' || (range % 20)::VARCHAR AS s FROM range(2000000)",
      );
      await runner.duck.query('CHECKPOINT');
      const [size] = (
        await runner.duck.duck.run('SELECT total_blocks * block_size FROM pragma_database_size()')
      )
        .getRowsJS()
        .map((r) => Number(r[0]));
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(16 * 2 ** 20);
    } finally {
      runner.close();
    }
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('keeps them in memory without one (small runs pay no disk writes)', async () => {
    const runner = await PipelineRunner.create({ files: {}, out: join(dir, 'out2') });
    try {
      expect(await databaseFile(runner)).toBe('');
    } finally {
      runner.close();
    }
  });
});
