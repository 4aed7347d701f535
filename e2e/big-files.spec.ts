import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';

const GB = 1024 ** 3;
const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

/**
 * Write `header` and then `block` (about 1 MiB of rows) until the file reaches `bytes`: a
 * big file in seconds, generated for the test and deleted after it (never committed).
 * Returns the number of data rows.
 */
function writeRepeated(path: string, header: string, rows: string[], bytes: number): number {
  const block = Buffer.from(rows.join(''));
  const fd = openSync(path, 'w');
  let count = 0;
  try {
    writeSync(fd, header);
    for (let written = 0; written < bytes; written += block.length) {
      writeSync(fd, block);
      count += rows.length;
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

function sensorRows(): string[] {
  const rows: string[] = [];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const row = `2026-01-01 00:${String(i % 60).padStart(2, '0')}:00,S${String(i % 500).padStart(3, '0')},${(20 + (i % 37) / 3).toFixed(3)},${((i % 101) / 50).toFixed(4)},${(1000 + (i % 13)).toFixed(1)},ok\n`;
    rows.push(row);
    size += row.length;
  }
  return rows;
}

/** 50 columns of one digit: 2 bytes a value in the file, 8 in DuckDB's BIGINT column. */
function digitRows(): string[] {
  const rows: string[] = [];
  for (let i = 0; rows.length * 100 < 1024 * 1024; i++)
    rows.push(`${Array.from({ length: 50 }, (_, j) => (i + j) % 10).join(',')}\n`);
  return rows;
}

test.describe.configure({ timeout: 300_000 });

test('a generated 1.5 GB CSV becomes a table with every row, and the page stays responsive while it loads', async ({
  page,
}, info) => {
  const path = info.outputPath('sensors-1.5GB.csv');
  const header = 'timestamp,sensor_id,temperature,vibration,pressure,status\n';
  const rows = writeRepeated(path, header, sensorRows(), 1.5 * GB);
  try {
    await openApp(page);
    await blankCanvas(page);
    await page.getByLabel('Upload data').setInputFiles(path);
    const ingest = nodesOfKind(page, 'ingest.file');
    await expect(ingest).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
    // The main thread is free while DuckDB reads: a round trip to the page is quick.
    const t0 = Date.now();
    await page.evaluate(() => document.title);
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(ingest).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
    await expect(ingest.getByTestId('row-count')).toHaveText(String(rows));
  } finally {
    rmSync(path, { force: true });
  }
});

test('a 1.5 GB CSV that needs more than the engine’s memory fails on its node with a clear message; the rest keeps working', async ({
  page,
}, info) => {
  const path = info.outputPath('digits-1.5GB.csv');
  const header = `${Array.from({ length: 50 }, (_, i) => `c${i}`).join(',')}\n`;
  writeRepeated(path, header, digitRows(), 1.5 * GB);
  try {
    await openApp(page);
    await blankCanvas(page);
    await page.getByLabel('Upload data').setInputFiles(path);
    const ingest = nodesOfKind(page, 'ingest.file').filter({ hasText: 'digits-1.5GB.csv' });
    await expect(ingest).toHaveAttribute('data-status', 'error', { timeout: 240_000 });
    await expect(ingest.getByTestId('node-error')).toContainText(
      /Could not read "digits-1\.5GB\.csv": Out of memory: this needs more than the [\d.]+ \w+ DuckDB can hold in this browser tab\..*smaller or sampled file.*DuckDB was restarted to give its memory back/,
    );
    // The engine carries on, its memory given back: the next file loads.
    await page.getByLabel('Upload data').setInputFiles(data('small.csv'));
    const small = nodesOfKind(page, 'ingest.file').filter({ hasText: 'small.csv' });
    await expect(small).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(small.getByTestId('row-count')).toHaveText('5');
    await expect(page.getByTestId('node')).toHaveCount(2);
    await expect(ingest.first()).toHaveAttribute('data-status', 'error');
    // Said once, not wrapped twice; the new node is placed clear of the (taller) failed one.
    const said = (await ingest.getByTestId('node-error').textContent()) ?? '';
    expect(said.match(/Out of memory:/g)).toHaveLength(1);
    const failedBox = await ingest.boundingBox();
    const smallBox = await small.boundingBox();
    const a = failedBox ?? { x: 0, y: 0, width: 0, height: 0 };
    const b = smallBox ?? { x: 0, y: 0, width: 0, height: 0 };
    const apart =
      a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    expect(apart, `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(true);
    const memory = (await page.getByTestId('engine-memory').textContent()) ?? '';
    const mb = Number(/DuckDB ([\d.]+) MB/.exec(memory)?.[1]);
    expect(mb, memory).toBeLessThan(100);
  } finally {
    rmSync(path, { force: true });
  }
});
