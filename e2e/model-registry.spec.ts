import { expect, node, openApp, test } from './fixtures';
import { machinesCsv } from './machines-csv';
import { openPipelineWithFiles } from './pipeline-file';

/*
 * The model registry (issue 14 §4): a person registers two versions of a model, compares
 * them side by side, promotes one to production, and scores a new file with it in another
 * pipeline without retraining.
 */

const FEATURES = { target: 'failure', features: ['temperature', 'vibration', 'pressure'] };

test('register two model versions, compare them, promote one and score a new file with it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await openPipelineWithFiles(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      { id: 'gbdt', kind: 'model.gbdt', params: { ...FEATURES, rounds: 5, maxDepth: 2 } },
      { id: 'evaluate', kind: 'model.evaluate' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'gbdt', 'train'],
      ['gbdt', 'model', 'evaluate', 'model'],
      ['split', 'test', 'evaluate', 'data'],
    ],
    { 'machines.csv': machinesCsv() },
  );
  const register = async (version: number) => {
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect(node(page, 'evaluate')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await node(page, 'gbdt').click();
    await page.getByRole('button', { name: 'Register model' }).click();
    await page.getByLabel('Model name').fill('failure');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(
      page.getByTestId('toast').filter({ hasText: `Registered model "failure" v${version}` }),
    ).toBeVisible();
  };
  await register(1);
  const aucV1 = await node(page, 'evaluate').locator('[data-metric="auc"]').textContent();
  // A bigger model: v2.
  await page.getByLabel('Rounds', { exact: true }).fill('60');
  await page.getByLabel('Max depth', { exact: true }).fill('4');
  await page.getByLabel('Max depth', { exact: true }).blur();
  await register(2);
  const aucV2 = await node(page, 'evaluate').locator('[data-metric="auc"]').textContent();
  expect(aucV2).not.toBe(aucV1);

  // Compare both versions side by side.
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Models' });
  await expect(panel.getByTestId('model-row')).toHaveCount(2);
  await panel.getByLabel('Select failure v1').check();
  await panel.getByLabel('Select failure v2').check();
  await panel.getByRole('button', { name: 'Compare selected (2)' }).click();
  const compare = panel.getByTestId('model-compare');
  const aucRow = compare.locator('[data-compare-metric="auc"] td');
  await expect(aucRow).toHaveText([aucV1 ?? '', aucV2 ?? '']);
  await expect(compare.locator('tr.differs').filter({ hasText: 'rounds' })).toContainText('60');
  await page.screenshot({ path: test.info().outputPath('models-compare.png') });

  // Promote v1: the production version.
  await panel.getByRole('button', { name: 'Promote failure v1 to production' }).click();
  await expect(panel.locator('[data-model="failure"][data-version="1"]')).toHaveAttribute(
    'data-production',
    'true',
  );
  await expect(panel.locator('[data-model="failure"][data-version="2"]')).toHaveAttribute(
    'data-production',
    'false',
  );
  await panel.getByRole('button', { name: 'Close models' }).click();

  // Another pipeline scores a new file with the production model, without training.
  const newRows = machinesCsv()
    .split('\n')
    .slice(0, 201)
    .map((line) => line.split(',').slice(0, 3).join(','))
    .join('\n');
  await openPipelineWithFiles(
    page,
    [
      { id: 'new', kind: 'ingest.file', params: { file: 'november.csv' } },
      { id: 'model', kind: 'model.registered', params: { name: 'failure' } },
      { id: 'predict', kind: 'model.predict' },
    ],
    [
      ['model', 'model', 'predict', 'model'],
      ['new', 'out', 'predict', 'data'],
    ],
    { 'november.csv': `${newRows}\n` },
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'predict')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(node(page, 'predict').getByTestId('row-count')).toHaveText('200');
  await expect(node(page, 'model')).toContainText('failure · production');
  await expect(node(page, 'model').getByTestId('node-progress')).toHaveCount(0);
  await node(page, 'model').click();
  await expect(page.getByLabel('Inspector', { exact: true })).toContainText(/version\s*1/);
});
