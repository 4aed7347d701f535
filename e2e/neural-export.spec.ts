import type { Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { expect, node, openApp, test } from './fixtures';
import { machinesCsv } from './machines-csv';
import { openPipelineWithFiles } from './pipeline-file';

/*
 * Issue 12 §2, the neural net: a person trains it on an uploaded CSV, downloads the model
 * and loads it in Node with TF.js (tf.loadLayersModel): it predicts what the app predicted.
 */

async function download(page: Page, id: string, button: string): Promise<Buffer> {
  const pending = page.waitForEvent('download');
  await node(page, id).getByRole('button', { name: button }).click();
  const chunks = await (await (await pending).createReadStream()).toArray();
  return Buffer.concat(chunks as Buffer[]);
}

test('a neural net exported in the TF.js layers format predicts in Node what the app predicted', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const features = ['temperature', 'vibration', 'pressure'];
  await openApp(page);
  await openPipelineWithFiles(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      {
        id: 'nn',
        kind: 'model.train',
        params: { target: 'failure', features, epochs: 8, batchSize: 64, learningRate: 0.01 },
      },
      { id: 'predict', kind: 'model.predict' },
      { id: 'csv', kind: 'export.data' },
      { id: 'export', kind: 'export.model' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'nn', 'train'],
      ['nn', 'model', 'predict', 'model'],
      ['split', 'test', 'predict', 'data'],
      ['predict', 'out', 'csv', 'in'],
      ['nn', 'model', 'export', 'model'],
    ],
    { 'machines.csv': machinesCsv() },
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of ['csv', 'export'])
    await expect(node(page, id), id).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  const zip = unzipSync(new Uint8Array(await download(page, 'export', 'Download model')));
  const manifest = JSON.parse(strFromU8(zip['pipewright-model.json'] as Uint8Array)) as {
    family: string;
    features: string[];
  };
  expect(manifest).toMatchObject({ family: 'neural', features });
  const modelJson = JSON.parse(strFromU8(zip['model.json'] as Uint8Array)) as tf.io.ModelJSON;
  const manifestWeights = modelJson.weightsManifest[0];
  const shards = (manifestWeights?.paths ?? []).map((p) => zip[p] as Uint8Array);
  const total = shards.reduce((s, b) => s + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const b of shards) {
    weightData.set(b, at);
    at += b.byteLength;
  }
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: manifestWeights?.weights,
      weightData: weightData.buffer,
    }),
  );

  const csv = (await download(page, 'csv', 'Download data')).toString('utf8');
  const rows = Papa.parse<Record<string, number>>(csv.trim(), { header: true, dynamicTyping: true }).data;
  expect(rows.length).toBe(900);
  const x = tf.tensor2d(rows.map((r) => manifest.features.map((f) => r[f] as number)));
  const p = (model.predict(x) as tf.Tensor).dataSync();
  x.dispose();
  model.dispose();
  let maxDiff = 0;
  rows.forEach((r, i) => {
    maxDiff = Math.max(maxDiff, Math.abs((r.prob_1 as number) - (p[i] as number)));
  });
  testInfo.annotations.push({ type: 'tfjs max |difference|', description: String(maxDiff) });
  console.log(`TF.js in Node vs app on the test split: max |difference| ${maxDiff}`);
  expect(maxDiff).toBeLessThanOrEqual(1e-5);
});
