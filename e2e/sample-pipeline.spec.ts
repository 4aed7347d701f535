import { expect, node, openApp, test } from './fixtures';

test('the built-in sample pipeline runs and every node reaches done', async ({ page }) => {
  await openApp(page);
  const nodes = page.getByTestId('node');
  await expect(nodes).toHaveCount(4);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of ['n1', 'n2', 'n3', 'n4'])
    await expect(node(page, id)).toHaveAttribute('data-status', 'done');
  await expect(node(page, 'n1').getByTestId('row-count')).toHaveText('100000');
  const filtered = Number(await node(page, 'n2').getByTestId('row-count').textContent());
  expect(filtered).toBeGreaterThan(97000);
  expect(filtered).toBeLessThan(100000);
  // 20 sensors × hourly buckets over 5000 minutes per sensor.
  await expect(node(page, 'n3').getByTestId('row-count')).toHaveText(String(20 * 84));

  // Selecting a node shows its output preview, read from the worker as Arrow.
  await node(page, 'n3').click();
  await expect(page.getByTestId('preview-column')).toHaveText([
    /sensor_id\s*VARCHAR/,
    /hour\s*TIMESTAMP/,
    /mean_temperature\s*DOUBLE/,
    /max_vibration\s*DOUBLE/,
    /failure_24h\s*INTEGER/,
  ]);
  await expect(page.getByTestId('preview-row-count')).toHaveText('1,680');
  await expect(page.getByText('2026-01-01 00:00:00').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/sample-pipeline.png' });

  // The column profile of the raw sample shows the missing temperatures, computed in DuckDB.
  await node(page, 'n1').click();
  await page.getByRole('tab', { name: 'Column profile' }).click();
  const temperature = page.getByTestId('column-profile').locator('tr[data-column="temperature"]');
  // Counts are shown with thousands separators ("1,939").
  await expect(temperature.locator('[data-stat="nulls"]')).toHaveText(/^[\d,]+$/);
  const nulls = Number((await temperature.locator('[data-stat="nulls"]').textContent())?.replaceAll(',', ''));
  expect(nulls).toBeGreaterThan(1000);
  expect(nulls).toBeLessThan(3000);
  await expect(temperature.locator('.histogram span')).toHaveCount(20);
  await expect(
    page.getByTestId('column-profile').locator('tr[data-column="status"] .top-values li'),
  ).toHaveCount(3);
  await page.getByRole('tab', { name: 'Rows' }).click();

  // export.data downloads the table as CSV.
  const download = page.waitForEvent('download');
  await node(page, 'n4').getByRole('button', { name: 'Download data' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Sensor overview.csv');
  const text = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('sensor_id,hour,mean_temperature,max_vibration,failure_24h');
  expect(lines).toHaveLength(1 + 20 * 84);
});
