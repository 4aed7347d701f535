import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, openTemplate } from './helpers';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

const pipeline = (nodes: unknown[], edges: unknown[]) =>
  JSON.stringify({ format: 'pipewright/pipeline', version: 1, name: 'Recovery', nodes, edges });

/** A sample and a statement that runs for minutes unless it is interrupted. */
const longStatement = pipeline(
  [
    { id: 's', kind: 'ingest.sample', params: { rows: 1000 }, position: { x: 0, y: 0 } },
    {
      id: 'long',
      kind: 'transform.sql',
      params: { sql: 'SELECT sum(i % 7) AS s FROM range(50000000000) t(i)' },
      position: { x: 300, y: 0 },
    },
    {
      id: 'count',
      kind: 'transform.sql',
      params: { sql: 'SELECT count(*) AS n FROM input' },
      position: { x: 300, y: 200 },
    },
  ],
  [
    { source: 's', sourcePort: 'out', target: 'long', targetPort: 'in' },
    { source: 's', sourcePort: 'out', target: 'count', targetPort: 'in' },
  ],
);

/** Open the app, import the pipeline above and run it until `long` is busy in DuckDB. */
async function startLongStatement(page: Page) {
  await openApp(page);
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'long.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(longStatement),
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'count')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(node(page, 'long')).toHaveAttribute('data-status', 'running');
}

test('Cancel run interrupts the DuckDB statement itself, not only the node', async ({ page }) => {
  await startLongStatement(page);
  // The status bar sees the statement running in DuckDB.
  await expect(page.getByTestId('engine-memory')).toHaveAttribute('data-statements', '1', {
    timeout: 10_000,
  });
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('[data-testid="node"][data-status="running"]')).toHaveCount(0, { timeout: 2000 });
  // DuckDB itself stopped: no statement is left running in the background (≈0.4 s after the
  // click here; the status bar checks every 250 ms while one runs).
  await expect(page.getByTestId('engine-memory')).toHaveAttribute('data-statements', '0', { timeout: 2000 });
  await expect(page.getByTestId('engine-memory')).not.toContainText('running');
});

test('a crashed DuckDB worker fails its node plainly, restarts, and the retried run works', async ({
  page,
}) => {
  await startLongStatement(page);
  // Kill DuckDB's worker mid-statement the way an abort does: an uncaught error in it.
  const duckWorker = page.workers().find((w) => w.url().includes('duckdb-browser'));
  expect(duckWorker, 'the DuckDB worker').toBeDefined();
  await duckWorker?.evaluate(() => {
    setTimeout(() => {
      throw new Error('Aborted(OOM)');
    });
  });
  await expect(node(page, 'long')).toHaveAttribute('data-status', 'error', { timeout: 5000 });
  await expect(node(page, 'long').getByTestId('node-error')).toContainText(
    /DuckDB stopped unexpectedly \(.*Aborted\(OOM\)\).*restarted with your files.*run again/,
  );
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-run-status', 'error');
  // The results DuckDB held are gone, and the nodes say so.
  await expect(node(page, 's')).toHaveAttribute('data-status', 'stale');
  await expect(node(page, 'count')).toHaveAttribute('data-status', 'stale');
  // The graph is intact and editable; fix the statement and run again.
  await expect(page.getByTestId('node')).toHaveCount(3);
  await node(page, 'long').click();
  const query = page.getByLabel('Query');
  await query.fill('SELECT max(temperature) AS t FROM input');
  await query.blur();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'long')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(node(page, 'long').getByTestId('row-count')).toHaveText('1');
  // The tables of the crashed DuckDB were gone: the nodes that held them ran again, or came
  // back from the results kept in the browser's file system.
  await expect(node(page, 's')).toHaveAttribute('data-status', /done|cached/);
  await expect(node(page, 'count')).toHaveAttribute('data-status', /done|cached/);
  await expect(node(page, 'count').getByTestId('row-count')).toHaveText('1');
});

test('a crashed engine worker is restarted with the uploaded files; the graph and the next run are fine', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles(data('small.csv'));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await expect(ingest.getByTestId('row-count')).toHaveText('5');
  const engineWorker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(engineWorker, 'the engine worker').toBeDefined();
  await engineWorker?.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine failure');
    });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'The engine stopped unexpectedly' })).toBeVisible();
  // Its result is gone with it; a new engine comes up with the file it had.
  await expect(ingest).toHaveAttribute('data-status', 'stale');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // Read again, or restored from the results kept in the browser (its BIGINT columns come back exact).
  await expect(ingest).toHaveAttribute('data-status', /^(done|cached)$/, { timeout: 30_000 });
  await expect(ingest.getByTestId('row-count')).toHaveText('5');
});

test('a crashed training worker fails the train node plainly; the retry keeps every cached table', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openTemplate(page, 'predictive-maintenance');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(node(page, 'train').getByTestId('node-progress')).toContainText(/epoch/, { timeout: 60_000 });
  const trainWorker = page.workers().find((w) => w.url().includes('train.worker'));
  expect(trainWorker, 'the training worker').toBeDefined();
  await trainWorker?.evaluate(() => {
    setTimeout(() => {
      throw new Error('Aborted(OOM)');
    });
  });
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'error', { timeout: 5000 });
  await expect(node(page, 'train').getByTestId('node-error')).toContainText(
    /training worker stopped unexpectedly.*It was restarted: run again/,
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  // Only the model's part re-ran: the prepared data came from the cache.
  for (const id of ['sample', 'glitches', 'rolling', 'split', 'impute', 'scale'])
    await expect(node(page, id), id).toHaveAttribute('data-status', 'cached');
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'done');
});
