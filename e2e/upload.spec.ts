import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, connectPorts, downloadText } from './helpers';

const data = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', name);

test('uploading a CSV builds an ingest node with its row count and typed preview', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Upload data').setInputFiles(data('small.csv'));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveCount(1);
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await expect(ingest.getByTestId('row-count')).toHaveText('5');
  await ingest.click();
  await expect(page.getByTestId('preview-column')).toHaveText([
    /id\s*BIGINT/,
    /name\s*VARCHAR/,
    /score\s*DOUBLE/,
  ]);
  await expect(page.getByText('eps, ilon')).toBeVisible();
});

test('dropping a file on the canvas adds an ingest node for it', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['a;b\n1;2\n3;4\n5;6\n'], 'dropped.csv', { type: 'text/csv' }));
    const target = document.querySelector('.react-flow__pane') as HTMLElement;
    const r = target.getBoundingClientRect();
    const init = { dataTransfer: dt, bubbles: true, clientX: r.left + 300, clientY: r.top + 200 };
    target.dispatchEvent(new DragEvent('dragover', init));
    target.dispatchEvent(new DragEvent('drop', init));
  });
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await expect(ingest.getByTestId('row-count')).toHaveText('3');
});

test('uploading a file again re-reads its node and marks what it feeds stale', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  const csv = (rows: number) => ({
    name: 'again.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`n\n${Array.from({ length: rows }, (_, i) => i).join('\n')}\n`),
  });
  await page.getByLabel('Upload data').setInputFiles(csv(3));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest.getByTestId('row-count')).toHaveText('3');
  await page.getByRole('button', { name: 'Add SQL node' }).click();
  const sql = nodesOfKind(page, 'transform.sql');
  const ids = [await ingest.getAttribute('data-node-id'), await sql.getAttribute('data-node-id')];
  await connectPorts(page, { node: ids[0] as string, port: 'out' }, { node: ids[1] as string, port: 'in' });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(sql).toHaveAttribute('data-status', 'done');

  await page.getByLabel('Upload data').setInputFiles(csv(4));
  await expect(ingest).toHaveCount(1);
  await expect(ingest.getByTestId('row-count')).toHaveText('4');
  await expect(sql).toHaveAttribute('data-status', 'stale');
});

test('unusual column names round-trip from upload to download, and markup stays text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await openApp(page);
  page.removeAllListeners('dialog');
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles(data('weird-columns.csv'));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest.getByTestId('row-count')).toHaveText('2');
  const id = await ingest.getAttribute('data-node-id');

  // Add an export node from the palette and wire it by dragging between the ports.
  await page.getByRole('button', { name: 'Add Export data node' }).click();
  const exporter = nodesOfKind(page, 'export.data');
  const exportId = await exporter.getAttribute('data-node-id');
  await connectPorts(page, { node: id as string, port: 'out' }, { node: exportId as string, port: 'in' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  await ingest.click();
  await expect(page.getByTestId('preview-column')).toHaveText([
    /^plain/,
    /^with space/,
    /^say "hi"/,
    /^cost \(\$\)/,
    /^température ✓/,
    /^it's/,
    /^<img src=x onerror=alert\(1\)>/,
  ]);
  await expect(page.getByText('<b>bold</b>')).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  const download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Download data' }).click();
  const text = await downloadText(await download);
  expect(text.split('\n')[0]).toBe(
    'plain,with space,"say ""hi""",cost ($),température ✓,it\'s,<img src=x onerror=alert(1)>',
  );
  expect(text.trim().split('\n')).toHaveLength(3);
  expect(dialogs).toBe(0);
});

test('Parquet, JSON and TSV files each become a typed table', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await page
    .getByLabel('Upload data')
    .setInputFiles([data('cities.parquet'), data('cities.json'), data('cities.tsv')]);
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveCount(3);
  const expected: Record<string, string> = { 'cities.parquet': '4', 'cities.json': '3', 'cities.tsv': '2' };
  for (const [file, rows] of Object.entries(expected)) {
    const n = ingest.filter({ hasText: file });
    await expect(n).toHaveAttribute('data-status', 'done');
    await expect(n.getByTestId('row-count')).toHaveText(rows);
  }
  await ingest.filter({ hasText: 'cities.parquet' }).click();
  await expect(page.getByTestId('preview-column')).toHaveText([
    /id\s*INTEGER/,
    /city\s*VARCHAR/,
    /temp\s*DOUBLE/,
  ]);
  await expect(page.getByText('Kyiv')).toBeVisible();
  await ingest.filter({ hasText: 'cities.json' }).click();
  await expect(page.getByTestId('preview-column')).toHaveCount(3);
  await expect(page.getByText('Lima')).toBeVisible();
});

test('an imported pipeline waits for its file, says so, and runs once the file is dropped in', async ({
  page,
}) => {
  await openApp(page);
  const file = JSON.stringify({
    format: 'pipewright/pipeline',
    version: 1,
    name: 'Needs data',
    nodes: [
      { id: 'f', kind: 'ingest.file', params: { file: 'small.csv' }, position: { x: 0, y: 0 } },
      {
        id: 'q',
        kind: 'transform.sql',
        params: { sql: 'SELECT sum(score) AS total FROM input' },
        position: { x: 300, y: 0 },
      },
    ],
    edges: [{ source: 'f', sourcePort: 'out', target: 'q', targetPort: 'in' }],
  });
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'needs.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  const ingest = page.locator('[data-node-id="f"]');
  await expect(ingest).toHaveAttribute('data-status', 'error');
  await expect(ingest.getByTestId('node-error')).toContainText('"small.csv" has not been uploaded yet');
  await page.getByLabel('Upload data').setInputFiles(data('small.csv'));
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await expect(nodesOfKind(page, 'ingest.file')).toHaveCount(1);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.locator('[data-node-id="q"]')).toHaveAttribute('data-status', 'done');
  await page.locator('[data-node-id="q"]').click();
  await expect(page.getByText('10.75')).toBeVisible();
});
