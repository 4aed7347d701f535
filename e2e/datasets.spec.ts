import { expect, node, openApp, test } from './fixtures';

/*
 * Named datasets (issue 14 §3): a person saves a cleaned table as a dataset, twice (v1, v2),
 * then in another pipeline reads the pinned v1 — the same rows, whatever was saved since.
 */

test('save a dataset in one pipeline and read a pinned version in another', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'n2')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const v1Rows = await node(page, 'n2').getByTestId('row-count').textContent();

  const saveAs = async () => {
    await node(page, 'n2').click();
    await page.getByRole('button', { name: 'Save as dataset' }).click();
    await page.getByLabel('Dataset name').fill('clean sensors');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
  };
  await saveAs();
  await expect(
    page.getByTestId('toast').filter({ hasText: 'Saved dataset "clean sensors" v1' }),
  ).toBeVisible();

  // Fewer rows, saved again: v2.
  await page.getByLabel('Keep rows where').fill('temperature > 80');
  await page.getByLabel('Keep rows where').blur();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'n2')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const v2Rows = await node(page, 'n2').getByTestId('row-count').textContent();
  expect(v2Rows).not.toBe(v1Rows);
  await saveAs();
  await expect(
    page.getByTestId('toast').filter({ hasText: 'Saved dataset "clean sensors" v2' }),
  ).toBeVisible();

  // Another pipeline reads v1, pinned.
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await expect(page.getByTestId('node')).toHaveCount(0);
  await page.getByRole('button', { name: 'Datasets' }).click();
  const panel = page.getByRole('dialog', { name: 'Datasets' });
  await expect(panel.getByTestId('dataset-row')).toHaveCount(2);
  await expect(panel.locator('[data-dataset="clean sensors"][data-version="1"]')).toContainText(
    `${Number(v1Rows).toLocaleString('en-US')} rows`,
  );
  // Its schema is listed with it.
  await expect(
    panel.locator('[data-dataset="clean sensors"][data-version="1"]').getByTestId('dataset-schema'),
  ).toContainText('temperature DOUBLE');
  await panel.getByRole('button', { name: 'Read clean sensors v1 here' }).click();
  const reader = page.locator('[data-testid="node"][data-kind="ingest.dataset"]');
  await expect(reader).toHaveCount(1);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(reader).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(reader.getByTestId('row-count')).toHaveText(v1Rows ?? '');
  await expect(reader).toContainText('clean sensors · v1');

  // The same pipeline file reads the same rows after a reload.
  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(reader).toHaveAttribute('data-status', /done|cached/, { timeout: 30_000 });
  await expect(reader.getByTestId('row-count')).toHaveText(v1Rows ?? '');
});
