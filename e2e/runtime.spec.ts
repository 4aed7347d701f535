import { expect, node, openApp, test } from './fixtures';
import { blankCanvas, openTemplate } from './helpers';

test('after a change to the last node only that node re-runs; the timeline, log and history show it', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'n4')).toHaveAttribute('data-status', 'done');

  await node(page, 'n4').click();
  await page.getByLabel('Format', { exact: true }).selectOption('parquet');
  await expect(node(page, 'n4')).toHaveAttribute('data-status', 'stale');
  await expect(node(page, 'n3')).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'n4')).toHaveAttribute('data-status', 'done');
  for (const id of ['n1', 'n2', 'n3']) await expect(node(page, id)).toHaveAttribute('data-status', 'cached');

  // The status bar shows what the engine holds: DuckDB's memory and the cached results.
  await expect(page.getByTestId('engine-memory')).toContainText(/DuckDB \d+(\.\d)? MB · 4 results cached/);
  await page.getByRole('button', { name: 'Runs' }).click();
  const timeline = page.getByTestId('run-timeline');
  await expect(timeline.locator('.gantt-row')).toHaveCount(4);
  await expect(timeline.locator('.gantt-row[data-node-id="n1"]')).toHaveAttribute('data-status', 'cached');
  await expect(timeline.locator('.gantt-row[data-node-id="n4"]')).toHaveAttribute('data-status', 'done');
  await page.getByRole('tab', { name: 'Log' }).click();
  await expect(page.getByTestId('run-log')).toContainText('cached: unchanged, not re-run');
  await expect(page.getByTestId('run-log')).toContainText(/Run done in \d+\.\d\d s/);
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByTestId('run-history').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('run-history').locator('tbody tr').first()).toContainText('1 / 3 / 0');
});

test('reload mid-edit: the graph, params and uploaded files are all back, and the pipeline runs without re-uploading', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles({
    name: 'kept.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,v\n1,10\n2,20\n3,30\n'),
  });
  const ingest = page.locator('[data-testid="node"][data-kind="ingest.file"]');
  await expect(ingest.getByTestId('row-count')).toHaveText('3');
  await page.getByRole('button', { name: 'Add Filter rows node' }).click();
  const filter = page.locator('[data-testid="node"][data-kind="clean.filter"]');
  await filter.click();
  await page.getByLabel('Keep rows where').fill('v > 15');
  await page.getByLabel('Keep rows where').blur();
  // Wait until the file copy is kept (OPFS), as a person would not reload within a millisecond.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('pipewright-files', {
          create: true,
        });
        for await (const [name] of dir.entries()) if (name === 'kept.csv') return true;
        return false;
      }),
    )
    .toBe(true);

  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('node')).toHaveCount(2);
  await expect(page.getByText('1 files')).toBeVisible();
  await page.locator('[data-testid="node"][data-kind="clean.filter"]').click();
  await expect(page.getByLabel('Keep rows where')).toHaveValue('v > 15');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // Read again from the kept copy, or restored from the results kept before the reload.
  await expect(page.locator('[data-testid="node"][data-kind="ingest.file"]')).toHaveAttribute(
    'data-status',
    /done|cached/,
  );
  await expect(
    page.locator('[data-testid="node"][data-kind="ingest.file"]').getByTestId('row-count'),
  ).toHaveText('3');
});

test('cancel a long run (1M-row sample plus training): every node leaves running within 2 s and the app stays usable', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openTemplate(page, 'predictive-maintenance');
  await page.locator('[data-node-id="sample"]').click();
  await page.getByLabel('Rows', { exact: true }).fill('1000000');
  await page.getByLabel('Rows', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // Cancel while the heavy SQL stages run on a million rows.
  await expect(page.locator('[data-node-id="rolling"]')).toHaveAttribute('data-status', /running|done/, {
    timeout: 60_000,
  });
  const cancelAt = Date.now();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('[data-testid="node"][data-status="running"]')).toHaveCount(0, { timeout: 2000 });
  expect(Date.now() - cancelAt).toBeLessThan(2500);
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-run-status', 'cancelled');
  // Still usable: the canvas responds and a small run completes.
  await page.locator('[data-node-id="sample"]').click();
  await page.getByLabel('Rows', { exact: true }).fill('2000');
  await page.getByLabel('Rows', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.locator('[data-node-id="export"]')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
});
