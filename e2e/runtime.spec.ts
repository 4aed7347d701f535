import { expect, node, openApp, test } from './fixtures';

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
