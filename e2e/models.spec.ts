import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, node, openApp, test } from './fixtures';
import { openTemplate } from './helpers';

async function openModelTemplate(page: Page, id: string) {
  await openTemplate(page, id);
  await expect(node(page, 'train')).toBeVisible();
}

const metric = async (page: Page, name: string) =>
  Number(await node(page, 'evaluate').locator(`[data-metric="${name}"]`).textContent());

async function downloadModelZip(page: Page) {
  const download = page.waitForEvent('download');
  await node(page, 'export').getByRole('button', { name: 'Download model' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.model\.zip$/);
  const chunks = await (await file.createReadStream()).toArray();
  return unzipSync(new Uint8Array(Buffer.concat(chunks as Buffer[])));
}

const ALL = ['sample', 'glitches', 'impute', 'rolling', 'split', 'scale', 'train', 'evaluate', 'export'];

test('Predictive maintenance: trains a binary model in the training worker that beats the baseline, and exports it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await openModelTemplate(page, 'predictive-maintenance');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // While it trains: a progress bar with epochs on the node; the canvas keeps working.
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(node(page, 'train').getByTestId('node-progress')).toContainText(/epoch \d+\/8/);
  await expect(node(page, 'train').getByRole('progressbar')).toBeVisible();
  await node(page, 'train').click();
  await expect(page.getByTestId('training-chart')).toBeVisible({ timeout: 60_000 });
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  for (const id of ALL) await expect(node(page, id), id).toHaveAttribute('data-status', 'done');
  // auto never lands on a software GPU: here it is WASM, with the reason shown.
  await expect(node(page, 'train').getByTestId('node-backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(node(page, 'train').getByTestId('node-backend')).toContainText(
    /WebGL: software renderer|WebGL/,
  );
  expect(await metric(page, 'auc')).toBeGreaterThanOrEqual(0.75);
  expect(await metric(page, 'accuracy')).toBeGreaterThan(0.5);
  await node(page, 'evaluate').click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();

  // A decision threshold of 0 predicts every row positive: recall 1, AUC unchanged, and only
  // the evaluate node re-runs (no retraining).
  const auc = await metric(page, 'auc');
  expect(await metric(page, 'recall')).toBeLessThan(1);
  await page.getByLabel('Threshold').fill('0');
  await page.getByLabel('Threshold').press('Enter');
  await expect(node(page, 'evaluate')).toHaveAttribute('data-status', 'stale');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'evaluate')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  for (const id of ALL.filter((n) => n !== 'evaluate'))
    await expect(node(page, id), id).toHaveAttribute('data-status', 'cached');
  expect(await metric(page, 'recall')).toBe(1);
  expect(await metric(page, 'auc')).toBe(auc);

  const zip = await downloadModelZip(page);
  expect(Object.keys(zip).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'pipewright-model.json']);
  const meta = JSON.parse(new TextDecoder().decode(zip['pipewright-model.json']));
  expect(meta.target).toBe('failure_24h');
  expect(meta.task).toBe('binary');
  expect(meta.features.length).toBeGreaterThan(5);
  const modelJson = JSON.parse(new TextDecoder().decode(zip['model.json']));
  expect(modelJson.modelTopology).toBeTruthy();
  expect(modelJson.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
});

test('Temperature regression: the seed MLP beats the mean predictor by 20% and exports', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await openModelTemplate(page, 'temperature-regression');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  for (const id of ALL) await expect(node(page, id), id).toHaveAttribute('data-status', 'done');
  const mae = await metric(page, 'mae');
  const baseline = Number(await node(page, 'evaluate').locator('[data-baseline-metric="mae"]').textContent());
  expect(mae).toBeGreaterThan(0);
  expect(mae).toBeLessThanOrEqual(0.8 * baseline);
  await node(page, 'evaluate').click();
  await expect(page.getByTestId('scatter')).toBeVisible();
  const zip = await downloadModelZip(page);
  const meta = JSON.parse(new TextDecoder().decode(zip['pipewright-model.json']));
  expect(meta.task).toBe('regression');
  expect(meta.target).toBe('temperature');
});
