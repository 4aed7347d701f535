import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, connectPorts, downloadText } from './helpers';

test('build a pipeline by dragging from the palette, connect ports, refuse a cycle, delete, export', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await expect(page.getByTestId('node')).toHaveCount(0);
  const pane = page.locator('.react-flow__pane');
  await page
    .getByRole('button', { name: 'Add Sample data node' })
    .dragTo(pane, { targetPosition: { x: 200, y: 150 } });
  await page
    .getByRole('button', { name: 'Add Filter rows node' })
    .dragTo(pane, { targetPosition: { x: 520, y: 150 } });
  await page
    .getByRole('button', { name: 'Add SQL node' })
    .dragTo(pane, { targetPosition: { x: 520, y: 400 } });
  await expect(page.getByTestId('node')).toHaveCount(3);
  const [sample, filter, sql] = await Promise.all(
    ['ingest.sample', 'clean.filter', 'transform.sql'].map((k) =>
      nodesOfKind(page, k).getAttribute('data-node-id'),
    ),
  );
  if (!sample || !filter || !sql) throw new Error('nodes missing');
  await connectPorts(page, { node: sample, port: 'out' }, { node: filter, port: 'in' });
  await connectPorts(page, { node: filter, port: 'out' }, { node: sql, port: 'in' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Closing the loop is refused with a message at the cursor.
  await connectPorts(page, { node: sql, port: 'out' }, { node: filter, port: 'in' });
  await expect(page.getByTestId('connect-refusal')).toContainText('That would make a loop');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Edit a param in the generated form, then run.
  await node(page, sample).click();
  const rows = page.getByLabel('Rows', { exact: true });
  await rows.fill('2500');
  await rows.press('Enter');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, sql)).toHaveAttribute('data-status', 'done');
  await expect(node(page, sample).getByTestId('row-count')).toHaveText('2500');

  // Delete the filter with the keyboard: its edges go with it.
  await node(page, filter).click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export pipeline' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Untitled pipeline.pipeline.json');
  const json = JSON.parse(await downloadText(file));
  expect(json.format).toBe('pipewright/pipeline');
  expect(json.nodes.map((n: { kind: string }) => n.kind).sort()).toEqual(['ingest.sample', 'transform.sql']);
  expect(json.nodes.find((n: { kind: string }) => n.kind === 'ingest.sample').params.rows).toBe(2500);
});

test('the graph survives a reload', async ({ page }) => {
  await openApp(page);
  await node(page, 'n2').click();
  const where = page.getByLabel('Keep rows where');
  await where.fill('temperature > 70');
  await where.blur();
  await page.reload();
  await expect(page.getByTestId('node')).toHaveCount(4);
  await node(page, 'n2').click();
  await expect(page.getByLabel('Keep rows where')).toHaveValue('temperature > 70');
});
