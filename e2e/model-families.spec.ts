import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, node, openApp, test } from './fixtures';
import { machinesCsv } from './machines-csv';
import { type GridNode, openPipelineWithFiles, type PortEdge } from './pipeline-file';

/*
 * Model families (issue 12): a person uploads a CSV, trains gradient-boosted trees and a
 * logistic regression beside the neural network, evaluates each and downloads the models.
 */

type N = GridNode;
type E = PortEdge;

/** Open a pipeline file (as Import pipeline does), then upload the CSVs its file nodes read. */
async function openPipeline(page: Page, nodes: N[], edges: E[], files: Record<string, string>) {
  await openApp(page);
  await openPipelineWithFiles(page, nodes, edges, files);
  await expect(page.getByTestId('node')).toHaveCount(nodes.length);
}

const metric = async (page: Page, id: string, name: string) =>
  Number(await page.locator(`[data-node-id="${id}"] [data-metric="${name}"]`).textContent());

async function downloadZip(page: Page, id: string) {
  const download = page.waitForEvent('download');
  await node(page, id).getByRole('button', { name: 'Download model' }).click();
  const chunks = await (await (await download).createReadStream()).toArray();
  return unzipSync(new Uint8Array(Buffer.concat(chunks as Buffer[])));
}

const FEATURES = { target: 'failure', features: ['temperature', 'vibration', 'pressure'] };

test('trains gradient-boosted trees, logistic regression and the neural net on an uploaded CSV, evaluates each and exports the trees and the linear model', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await openPipeline(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      { id: 'gbdt', kind: 'model.gbdt', params: { ...FEATURES, rounds: 60 } },
      { id: 'linear', kind: 'model.linear', params: FEATURES },
      {
        id: 'nn',
        kind: 'model.train',
        params: { ...FEATURES, epochs: 15, batchSize: 64, learningRate: 0.01 },
      },
      { id: 'eval_gbdt', kind: 'model.evaluate' },
      { id: 'eval_linear', kind: 'model.evaluate' },
      { id: 'eval_nn', kind: 'model.evaluate' },
      { id: 'export_gbdt', kind: 'export.model' },
      { id: 'export_linear', kind: 'export.model' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ...(['gbdt', 'linear', 'nn'].flatMap((m): E[] => [
        ['split', 'train', m, 'train'],
        [m, 'model', `eval_${m}`, 'model'],
        ['split', 'test', `eval_${m}`, 'data'],
      ]) as E[]),
      ['gbdt', 'model', 'export_gbdt', 'model'],
      ['linear', 'model', 'export_linear', 'model'],
    ],
    { 'machines.csv': machinesCsv() },
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of ['eval_gbdt', 'eval_linear', 'eval_nn', 'export_gbdt', 'export_linear'])
    await expect(node(page, id), id).toHaveAttribute('data-status', 'done', { timeout: 180_000 });

  const auc = {
    gbdt: await metric(page, 'eval_gbdt', 'auc'),
    linear: await metric(page, 'eval_linear', 'auc'),
    nn: await metric(page, 'eval_nn', 'auc'),
  };
  testInfo.annotations.push({ type: 'auc', description: JSON.stringify(auc) });
  console.log(`AUC on the test split: ${JSON.stringify(auc)}`);
  expect(auc.gbdt).toBeGreaterThan(0.8);
  expect(auc.linear).toBeGreaterThan(0.7);
  expect(auc.nn).toBeGreaterThan(0.7);
  // The interaction temperature × vibration is beyond a linear model: the trees find it.
  expect(auc.gbdt).toBeGreaterThan(auc.linear);

  // Gain importance and coefficients, by feature name, in the inspector.
  await node(page, 'gbdt').click();
  const importance = page.getByTestId('feature-table');
  await expect(importance).toContainText('Gain importance');
  await expect(importance.locator('tbody tr')).toHaveCount(3);
  await importance.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('gbdt-inspector.png') });
  await node(page, 'linear').click();
  await expect(page.getByTestId('feature-table')).toContainText('Coefficients');
  await expect(page.getByTestId('feature-table').locator('tbody tr')).toHaveCount(4);

  for (const family of ['gbdt', 'linear'] as const) {
    const zip = await downloadZip(page, `export_${family}`);
    expect(Object.keys(zip).sort()).toEqual([`model.${family}.json`, 'model.onnx', 'pipewright-model.json']);
    const manifest = JSON.parse(new TextDecoder().decode(zip['pipewright-model.json']));
    expect(manifest).toMatchObject({
      family,
      task: 'binary',
      target: 'failure',
      features: FEATURES.features,
    });
    const model = JSON.parse(new TextDecoder().decode(zip[`model.${family}.json`]));
    expect(model.family).toBe(family);
  }
});

test('cancelling a long tree training stops it at once; the next run trains in a fresh solver', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openPipeline(
    page,
    [
      { id: 'sample', kind: 'ingest.sample', params: { rows: 20000 } },
      {
        id: 'gbdt',
        kind: 'model.gbdt',
        params: { target: 'failure_24h', rounds: 100000, minSamplesLeaf: 5 },
      },
    ],
    [['sample', 'out', 'gbdt', 'train']],
    {},
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'gbdt').getByTestId('node-progress')).toContainText(/round \d+\/100000/, {
    timeout: 60_000,
  });
  const cancelAt = Date.now();
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('[data-testid="node"][data-status="running"]')).toHaveCount(0, { timeout: 2000 });
  expect(Date.now() - cancelAt).toBeLessThan(2500);
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-run-status', 'cancelled');

  await node(page, 'gbdt').click();
  await page.getByLabel('Rounds', { exact: true }).fill('20');
  await page.getByLabel('Rounds', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // "warning": the sample's timestamp column is not a feature.
  await expect(node(page, 'gbdt')).toHaveAttribute('data-status', /done|warning/, { timeout: 60_000 });
});
