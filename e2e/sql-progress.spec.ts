import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, node, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

/** Write a sensor CSV of about `mib` MiB (generated for the test, deleted after it); its row count. */
function writeSensorCsv(path: string, mib: number): number {
  const rows: string[] = [];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const row = `2026-01-01 00:${String(i % 60).padStart(2, '0')}:00,S${String(i % 500).padStart(3, '0')},${(20 + (i % 37) / 3).toFixed(3)},${((i % 101) / 50).toFixed(4)},${(1000 + (i % 13)).toFixed(1)},ok\n`;
    rows.push(row);
    size += row.length;
  }
  const block = Buffer.from(rows.join(''));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'timestamp,sensor_id,temperature,vibration,pressure,status\n');
    for (let i = 0; i < mib; i++) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return rows.length * mib;
}

/** Sample, every 100 ms, the words of `selector` until node `until` stops running: each change, in order. */
function sampleWords(page: Page, selector: string, until: string): Promise<string[]> {
  return page.evaluate(
    ([sel, id]) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const timer = setInterval(() => {
          const words = document.querySelector(sel)?.textContent;
          if (words && seen.at(-1) !== words) seen.push(words);
          const card = document.querySelector(`[data-testid="node"][data-node-id="${id}"]`);
          if (card?.getAttribute('data-status') !== 'running') {
            clearInterval(timer);
            resolve(seen);
          }
        }, 100);
      }),
    [selector, until] as const,
  );
}

/** The progress words of node `id`'s card while it runs. */
const sampleProgress = (page: Page, id: string) =>
  sampleWords(page, `[data-testid="node"][data-node-id="${id}"] .node-progress-label`, id);

/** The whole per cents among sampled words ("≈ 42 % · ETA 8 s" → 42), in the order seen. */
const percents = (words: string[]) =>
  words.flatMap((w) => {
    const m = /^(?:Running · [^:]+: )?≈ (\d+) %/.exec(w);
    return m ? [Number(m[1])] : [];
  });

const rising = (values: number[]) => values.every((v, i) => i === 0 || v > (values[i - 1] as number));

test.describe.configure({ timeout: 240_000 });

test('long SQL steps show DuckDB’s own progress, rising, on the card and in the status bar, then finish', async ({
  page,
}) => {
  // Not under test-results/, which another Playwright run in this checkout may empty meanwhile.
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-sql-progress-'));
  const path = join(dir, 'sensors.csv');
  const rows = writeSensorCsv(path, 150);
  try {
    await openApp(page);
    await blankCanvas(page);
    page.once('dialog', (d) => void d.accept());
    await importPipeline(
      page,
      pipelineJson(
        [
          pnode('f', 'ingest.file', { file: 'sensors.csv' }),
          pnode(
            'q',
            'transform.sql',
            {
              sql: "SELECT sensor_id, count(DISTINCT md5(concat(timestamp, '/', temperature, '/', vibration))) AS n FROM input GROUP BY sensor_id",
            },
            { x: 320, y: 0 },
          ),
        ],
        [pedge('f', 'q')],
      ),
    );
    await node(page, 'q').waitFor();

    // Ingest: read_csv's progress is the share of the file's bytes read.
    await page.getByLabel('Upload data').setInputFiles(path);
    await expect(node(page, 'f')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
    const statusBar = sampleWords(page, '[data-testid="run-progress"]', 'f');
    const ingest = await sampleProgress(page, 'f');
    await expect(node(page, 'f')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(node(page, 'f').getByTestId('row-count')).toHaveText(String(rows));
    const seen = percents(ingest);
    expect(seen.length, ingest.join(' | ')).toBeGreaterThanOrEqual(3);
    // The load's own statement rises; a short statement after it (tidying the table) starts over.
    expect(rising(seen.slice(0, 3)), ingest.join(' | ')).toBe(true);
    expect(percents(await statusBar).length, (await statusBar).join(' | ')).toBeGreaterThanOrEqual(2);

    // A SQL step over the table: the table scan's progress.
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect(node(page, 'q')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
    const sampled = sampleProgress(page, 'q');
    await expect(node(page, 'q').getByTestId('node-progress')).toHaveText(/^≈ \d+ %/);
    await expect(page.getByTestId('run-progress')).toHaveText(/^Running · SQL: ≈ \d+ %/);
    const query = await sampled;
    await expect(node(page, 'q')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(node(page, 'q').getByTestId('row-count')).toHaveText('500');
    const q = percents(query);
    expect(q.length, query.join(' | ')).toBeGreaterThanOrEqual(2);
    expect(rising(q), query.join(' | ')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
