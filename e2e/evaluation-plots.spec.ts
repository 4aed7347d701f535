import type { Locator, Page } from '@playwright/test';
import { expect, node, openApp, test } from './fixtures';
import { openPipelineWithFiles } from './pipeline-file';

/*
 * Plots where people would rather look than read (issue 11 §2): a person uploads a CSV,
 * trains a classifier and a regression model, evaluates both and looks at the ROC,
 * precision–recall and calibration curves, the predicted-against-actual scatter and the
 * residuals, permutation importance and the loss per round. The charts are checked by the
 * marks drawn on their canvas, not by being there.
 */

/**
 * 2000 machines: failure from temperature × vibration and pressure; load from temperature
 * and pressure; grade (low/mid/high) from the load. `noise` is unused. Seeded.
 */
function machinesCsv(): string {
  let seed = 5;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['temperature,vibration,pressure,noise,failure,load,grade'];
  for (let i = 0; i < 2000; i++) {
    const t = rand() * 2 - 1;
    const v = rand() * 2 - 1;
    const p = rand() * 2 - 1;
    const noise = rand();
    const risk = 2.5 * t * v + 1.5 * p + 0.8 * t;
    const failure = rand() < 1 / (1 + Math.exp(-2 * risk)) ? 1 : 0;
    const load = 40 + 12 * t - 5 * p + 3 * (rand() - 0.5);
    const grade = load < 36 ? 'low' : load < 44 ? 'mid' : 'high';
    lines.push(
      `${t.toFixed(4)},${v.toFixed(4)},${p.toFixed(4)},${noise.toFixed(4)},${failure},${load.toFixed(3)},${grade}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Pixels of a chart's canvas in the series blue (#3b6ff5, any alpha): the marks uPlot drew.
 * Grid lines and axes are grey, the reference lines grey too, so they do not count.
 */
async function bluePixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b, a] = [d[i] as number, d[i + 1] as number, d[i + 2] as number, d[i + 3] as number];
      if (a > 0 && b > 180 && b - r > 80 && b - g > 40) n++;
    }
    return n;
  });
}

/** Pixels in any saturated colour (the one-vs-rest curves have a hue each; grid and axes are grey). */
async function colouredPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const d = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const rgb = [d[i] as number, d[i + 1] as number, d[i + 2] as number];
      if ((d[i + 3] as number) > 0 && Math.max(...rgb) - Math.min(...rgb) > 80) n++;
    }
    return n;
  });
}

async function seriesPoints(chart: Locator): Promise<number> {
  return Number(await chart.getAttribute('data-series-points'));
}

const metric = async (page: Page, id: string, name: string) =>
  Number(await page.locator(`[data-node-id="${id}"] [data-metric="${name}"]`).textContent());

test.use({ viewport: { width: 1440, height: 2200 } });

test('ROC, PR and calibration curves, a scatter and residuals that draw points, permutation and gain importance, loss per round', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  const features = ['temperature', 'vibration', 'pressure', 'noise'];
  await openPipelineWithFiles(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      { id: 'trees', kind: 'model.gbdt', params: { target: 'failure', features, rounds: 40 } },
      { id: 'ridge', kind: 'model.linear', params: { target: 'load', features } },
      { id: 'logit', kind: 'model.linear', params: { target: 'failure', features } },
      { id: 'grades', kind: 'model.gbdt', params: { target: 'grade', features, rounds: 20 } },
      { id: 'eval_grades', kind: 'model.evaluate' },
      { id: 'eval_trees', kind: 'model.evaluate' },
      { id: 'eval_ridge', kind: 'model.evaluate' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'trees', 'train'],
      ['split', 'train', 'ridge', 'train'],
      ['split', 'train', 'logit', 'train'],
      ['split', 'train', 'grades', 'train'],
      ['grades', 'model', 'eval_grades', 'model'],
      ['split', 'test', 'eval_grades', 'data'],
      ['trees', 'model', 'eval_trees', 'model'],
      ['split', 'test', 'eval_trees', 'data'],
      ['ridge', 'model', 'eval_ridge', 'model'],
      ['split', 'test', 'eval_ridge', 'data'],
    ],
    { 'machines.csv': machinesCsv() },
  );
  await expect(page.getByTestId('node')).toHaveCount(9);
  // The upload is read at once; run once it has been (a run started meanwhile is cancelled by it).
  await expect(node(page, 'data').getByTestId('row-count')).toHaveText('2000', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of ['eval_trees', 'eval_ridge', 'eval_grades'])
    await expect(node(page, id), id).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // Binary: the curves, each drawn on its canvas.
  await node(page, 'eval_trees').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const roc = inspector.getByTestId('roc-curve');
  const pr = inspector.getByTestId('pr-curve');
  const calibration = inspector.getByTestId('calibration-curve');
  await expect(roc).toContainText(`AUC ${await metric(page, 'eval_trees', 'auc')}`);
  await expect(pr).toContainText(/AP 0\.\d+/);
  expect(await seriesPoints(roc)).toBeGreaterThan(50);
  expect(await seriesPoints(roc)).toBeLessThanOrEqual(201);
  expect(await seriesPoints(pr)).toBe(await seriesPoints(roc));
  expect(await seriesPoints(calibration)).toBeGreaterThanOrEqual(5);
  const drawn = {
    roc: await bluePixels(roc),
    pr: await bluePixels(pr),
    calibration: await bluePixels(calibration),
  };
  console.log(`blue pixels drawn: ${JSON.stringify(drawn)}`);
  expect(drawn.roc).toBeGreaterThan(300);
  expect(drawn.pr).toBeGreaterThan(300);
  expect(drawn.calibration).toBeGreaterThan(150);
  // Average precision is a metric of its own, on the card like the others.
  expect(await metric(page, 'eval_trees', 'ap')).toBeGreaterThan(0.5);

  // Permutation importance by AUC: every feature listed, the unused one at the bottom, near 0.
  const importance = inspector.getByTestId('permutation-importance');
  await expect(importance).toContainText('drop in auc');
  const rows = importance.getByTestId('importance-row');
  await expect(rows).toHaveCount(4);
  const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-feature')));
  expect(order.at(-1)).toBe('noise');
  const noiseDrop = Number(await importance.locator('[data-feature="noise"]').getAttribute('data-drop'));
  expect(Math.abs(noiseDrop)).toBeLessThan(0.02);
  await roc.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('binary-evaluation.png'), fullPage: true });

  // Regression: predicted against actual and the residuals draw points.
  await node(page, 'eval_ridge').click();
  const scatter = inspector.getByTestId('scatter');
  const residuals = inspector.getByTestId('residual-plot');
  expect(await seriesPoints(scatter)).toBeGreaterThan(500);
  expect(await seriesPoints(residuals)).toBe(await seriesPoints(scatter));
  const points = { scatter: await bluePixels(scatter), residuals: await bluePixels(residuals) };
  console.log(`blue pixels drawn: ${JSON.stringify(points)}`);
  expect(points.scatter).toBeGreaterThan(1000);
  expect(points.residuals).toBeGreaterThan(1000);
  await expect(inspector.getByTestId('permutation-importance')).toContainText('drop in r2');
  await expect(inspector.getByTestId('importance-row').first()).toHaveAttribute(
    'data-feature',
    'temperature',
  );
  await inspector
    .getByTestId('permutation-importance')
    .screenshot({ path: testInfo.outputPath('regression-importance.png') });
  await page.screenshot({ path: testInfo.outputPath('regression-evaluation.png'), fullPage: true });

  // Multiclass: one ROC per class against the rest, importance by accuracy.
  await node(page, 'eval_grades').click();
  const ovr = inspector.getByTestId('roc-one-vs-rest');
  await expect(ovr).toContainText(/high \(AUC 0\.\d+\)/);
  await expect(ovr.locator('.xy-key')).toHaveCount(4);
  expect(await seriesPoints(ovr)).toBeGreaterThan(20);
  const ovrPixels = await colouredPixels(ovr);
  console.log(`one-vs-rest pixels drawn: ${ovrPixels}`);
  expect(ovrPixels).toBeGreaterThan(400);
  await expect(inspector.getByTestId('permutation-importance')).toContainText('drop in accuracy');
  await ovr.screenshot({ path: testInfo.outputPath('one-vs-rest.png') });

  // The trees: gain importance and the loss per round; ridge: its one-step loss.
  await node(page, 'trees').click();
  await expect(inspector.getByTestId('feature-table')).toContainText('Gain importance');
  await expect(inspector.getByTestId('feature-table').locator('tbody tr')).toHaveCount(4);
  const loss = inspector.getByTestId('training-chart');
  await expect(loss).toHaveAttribute('data-epochs', '40');
  expect(await bluePixels(loss)).toBeGreaterThan(100);
  // The history it plots is not listed again as 40 rounds of JSON below.
  await expect(inspector.locator('.report-view')).not.toContainText('"epoch"');
  await page.screenshot({ path: testInfo.outputPath('trees-inspector.png'), fullPage: true });
  await node(page, 'ridge').click();
  await expect(inspector.getByTestId('training-chart')).toContainText(/Solved in one step.*loss \d/);
  await expect(inspector.getByTestId('feature-table')).toContainText('Coefficients');
  // Logistic regression: its loss per Newton iteration, drawn.
  await node(page, 'logit').click();
  const newton = inspector.getByTestId('training-chart');
  expect(Number(await newton.getAttribute('data-epochs'))).toBeGreaterThan(2);
  expect(await bluePixels(newton)).toBeGreaterThan(100);
  await newton.screenshot({ path: testInfo.outputPath('logistic-loss.png') });
});
