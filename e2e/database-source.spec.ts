import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { expect, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, connectPorts } from './helpers';

const data = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', name);

test('Database nodes and DuckDB files say in the tab that they run in the command line; a partitioned export downloads a zip', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles(data('small.csv'));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest.getByTestId('row-count')).toHaveText('5');
  await page.getByRole('button', { name: 'Add Export data node' }).click();
  const exporter = nodesOfKind(page, 'export.data');
  await connectPorts(
    page,
    { node: (await ingest.getAttribute('data-node-id')) as string, port: 'out' },
    { node: (await exporter.getAttribute('data-node-id')) as string, port: 'in' },
  );
  await exporter.click();
  await page.getByLabel('Add a column to Partition by').selectOption('name');
  await page.screenshot({ path: testInfo.outputPath('database-and-partitions.png') });
  const download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Download data' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv\.zip$/);
  const chunks = await (await file.createReadStream()).toArray();
  const files = unzipSync(new Uint8Array(Buffer.concat(chunks as Buffer[])));
  expect(Object.keys(files).sort()).toEqual([
    'name=alpha/data_0.csv',
    'name=beta/data_0.csv',
    'name=delta/data_0.csv',
    'name=eps, ilon/data_0.csv',
    'name=gamma/data_0.csv',
  ]);
  expect(new TextDecoder().decode(files['name=beta/data_0.csv'])).toBe('id,score\n2,4.25\n');

  await page.getByRole('button', { name: 'Add Database node' }).click();
  const database = nodesOfKind(page, 'ingest.database');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(database.getByTestId('node-error')).toContainText(
    'Database sources run in the command-line runner (npx pipewright run …): a browser tab cannot open a database connection.',
  );

  // A DuckDB database file in the tab: the node says the command line reads it.
  await page.getByLabel('Upload data').setInputFiles({
    name: 'plant.duckdb',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not read in the tab'),
  });
  const duckdbFile = page.locator('[data-testid="node"][data-kind="ingest.file"]', {
    hasText: 'plant.duckdb',
  });
  await expect(duckdbFile.getByTestId('node-error')).toContainText(
    '"plant.duckdb" is a DuckDB database file: the command-line runner reads those',
  );

  await database.click();
  await expect(page.getByLabel('Connection variable')).toHaveValue('PG_URL');
  await page.screenshot({ path: testInfo.outputPath('database-node.png') });
});
