import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, connectPorts, downloadText } from './helpers';

const data = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', name);

test('a CSV download neutralises spreadsheet formulas unless asked to keep them; numbers stay numbers', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles(data('formulas.csv'));
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest.getByTestId('row-count')).toHaveText('2');
  const id = await ingest.getAttribute('data-node-id');
  await page.getByRole('button', { name: 'Add Export data node' }).click();
  const exporter = nodesOfKind(page, 'export.data');
  const exportId = await exporter.getAttribute('data-node-id');
  await connectPorts(page, { node: id as string, port: 'out' }, { node: exportId as string, port: 'in' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  let download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Download data' }).click();
  expect((await downloadText(await download)).split('\n')).toEqual([
    'name,amount,note',
    `"'=HYPERLINK(""http://localhost/x"",""click"")",-12.5,'@SUM(1+1)`,
    "plain,3.0,'-5",
    '',
  ]);

  await exporter.click();
  await page.getByLabel('Keep formula-like text').check();
  download = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Download data' }).click();
  expect((await downloadText(await download)).split('\n')).toEqual([
    'name,amount,note',
    '"=HYPERLINK(""http://localhost/x"",""click"")",-12.5,@SUM(1+1)',
    'plain,3.0,-5',
    '',
  ]);
});
