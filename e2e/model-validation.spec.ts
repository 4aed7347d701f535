import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, node, openApp, test } from './fixtures';
import { machinesCsv } from './machines-csv';
import { openPipelineWithFiles, type PortEdge } from './pipeline-file';

/*
 * Honest evaluation (issue 11 §2): a person uploads a CSV, cross-validates two models,
 * compares them in one table, picks one for export and runs a small search.
 */

const FEATURES = { target: 'failure', features: ['temperature', 'vibration', 'pressure'] };

const number = async (page: Page, selector: string) => Number(await page.locator(selector).textContent());

async function downloadManifest(page: Page, id: string) {
  const download = page.waitForEvent('download');
  await node(page, id).getByRole('button', { name: 'Download model' }).click();
  const chunks = await (await (await download).createReadStream()).toArray();
  const zip = unzipSync(new Uint8Array(Buffer.concat(chunks as Buffer[])));
  return JSON.parse(new TextDecoder().decode(zip['pipewright-model.json']));
}

test('cross-validates two models on an uploaded CSV, compares them in one table, exports the picked one and runs a small search', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await openApp(page);
  const edges: PortEdge[] = [
    ['data', 'out', 'split', 'in'],
    ['split', 'train', 'gbdt', 'train'],
    ['split', 'train', 'linear', 'train'],
    ['gbdt', 'model', 'cv_gbdt', 'model'],
    ['split', 'train', 'cv_gbdt', 'data'],
    ['linear', 'model', 'cv_linear', 'model'],
    ['split', 'train', 'cv_linear', 'data'],
    ['gbdt', 'model', 'compare', 'a'],
    ['linear', 'model', 'compare', 'b'],
    ['split', 'test', 'compare', 'data'],
    ['compare', 'model', 'export', 'model'],
    ['gbdt', 'model', 'search', 'model'],
    ['split', 'train', 'search', 'data'],
  ];
  await openPipelineWithFiles(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      { id: 'gbdt', kind: 'model.gbdt', params: { ...FEATURES, rounds: 40 } },
      { id: 'linear', kind: 'model.linear', params: FEATURES },
      { id: 'cv_gbdt', kind: 'model.cross_validate', params: { folds: 5 } },
      { id: 'cv_linear', kind: 'model.cross_validate', params: { folds: 5 } },
      { id: 'compare', kind: 'model.compare' },
      { id: 'export', kind: 'export.model' },
      { id: 'search', kind: 'model.search', params: { space: 'rounds: 10, 40; maxDepth: 2, 4', folds: 3 } },
    ],
    edges,
    { 'machines.csv': machinesCsv() },
  );
  await expect(page.getByTestId('node')).toHaveCount(9);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of ['cv_gbdt', 'cv_linear', 'compare', 'export', 'search'])
    await expect(node(page, id), id).toHaveAttribute('data-status', 'done', { timeout: 240_000 });

  // Mean ± sd over folds, on each card.
  const cv = {
    gbdt: await number(page, '[data-node-id="cv_gbdt"] [data-metric="auc"]'),
    gbdtSd: await number(page, '[data-node-id="cv_gbdt"] [data-metric-sd="auc"]'),
    linear: await number(page, '[data-node-id="cv_linear"] [data-metric="auc"]'),
    linearSd: await number(page, '[data-node-id="cv_linear"] [data-metric-sd="auc"]'),
  };
  console.log(`5-fold AUC: ${JSON.stringify(cv)}`);
  testInfo.annotations.push({ type: 'cv-auc', description: JSON.stringify(cv) });
  expect(cv.gbdt).toBeGreaterThan(0.8);
  expect(cv.gbdt).toBeGreaterThan(cv.linear);
  for (const sd of [cv.gbdtSd, cv.linearSd]) {
    expect(sd).toBeGreaterThan(0);
    expect(sd).toBeLessThan(0.1);
  }
  await node(page, 'cv_gbdt').click();
  const folds = page.getByTestId('results-table');
  await expect(folds.locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('results-note')).toContainText('fitted once on the whole table');

  // One table: both models and the trivial baseline, the best AUC starred, the best picked.
  await node(page, 'compare').click();
  const table = page.getByTestId('results-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tr[data-row-key="baseline"] td[data-column="auc"]')).toHaveText('0.5');
  await expect(table.locator('tr[data-row-key="a"] td[data-column="auc"]')).toHaveAttribute(
    'data-best',
    'true',
  );
  await expect(table.locator('tr[data-row-key="a"]')).toHaveClass(/picked/);
  const compareAuc = await number(page, '[data-node-id="compare"] [data-metric="auc"]');
  expect(compareAuc).toBeGreaterThan(0.8);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('compare-inspector.png') });
  expect((await downloadManifest(page, 'export')).family).toBe('gbdt');

  // Picking the logistic model instead feeds it to the export.
  await node(page, 'compare').click();
  await table.getByRole('button', { name: 'Use model b' }).click();
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'stale');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(table.locator('tr[data-row-key="b"]')).toHaveClass(/picked/);
  expect((await downloadManifest(page, 'export')).family).toBe('linear');

  // The search: four settings by 3-fold CV, sorted by AUC, the best refitted.
  await node(page, 'search').click();
  const trials = page.getByTestId('results-table').locator('tbody tr');
  await expect(trials).toHaveCount(4);
  const aucs = (await trials.locator('td[data-column="auc"]').allTextContents()).map((t) =>
    Number(t.replace('★', '')),
  );
  expect(aucs).toEqual([...aucs].sort((x, y) => y - x));
  expect(await number(page, '[data-node-id="search"] [data-metric="auc"]')).toBeCloseTo(aucs[0] as number, 3);
  await page.screenshot({ path: testInfo.outputPath('search-inspector.png') });
});
