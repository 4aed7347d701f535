// Regenerate every screenshot in docs/ from the app as it is (served by `npm run preview`):
//   npm run build && (npm run preview &) && node scripts/screenshots.mjs
// Each view is opened the way a person opens it (a template, an imported pipeline file, a
// click on a node); look at the PNGs after running it.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/** A fresh page (its own storage) with the engine ready. */
async function open() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(url);
  await page
    .getByTestId('engine-status')
    .and(page.locator('[data-engine="ready"]'))
    .waitFor({ timeout: 60_000 });
  return page;
}

async function runAll(page) {
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await page.getByTestId('last-run').waitFor({ timeout: 240_000 });
}

const card = (page, id) => page.locator(`[data-testid="node"][data-node-id="${id}"]`);

async function shot(page, out) {
  await page.waitForTimeout(800);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
  await page.context().close();
}

// 1. The built-in sample pipeline, run, with its SQL step's output in the inspector.
{
  const page = await open();
  await runAll(page);
  await card(page, 'n3').click();
  await shot(page, 'docs/screenshot.png');
}

// 2. Predictive maintenance: trees, a linear baseline and the network compared on the test rows.
{
  const page = await open();
  await page.getByLabel('Open template').selectOption('predictive-maintenance');
  await runAll(page);
  await card(page, 'compare').click();
  // Its cards grew with their results: frame them again, as a person would (Fit View).
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.getByTestId('results-table').scrollIntoViewIfNeeded();
  await shot(page, 'docs/predictive-maintenance.png');
}

// 3. The workbench: a chart node's box plots, faceted, in the maximised data view.
{
  const page = await open();
  const pipeline = {
    format: 'pipewright/pipeline',
    version: 1,
    name: 'Sensor charts',
    nodes: [
      { id: 'sensors', kind: 'ingest.sample', params: { rows: 200000 }, position: { x: 0, y: 0 } },
      {
        id: 'chart',
        kind: 'chart.plot',
        params: { mark: 'box', x: 'status', y: 'vibration', facet: 'sensor_id' },
        position: { x: 320, y: 0 },
      },
      {
        id: 'scatter',
        kind: 'chart.plot',
        params: { mark: 'scatter', x: 'temperature', y: 'pressure', color: 'status' },
        position: { x: 320, y: 220 },
      },
    ],
    edges: [
      { source: 'sensors', sourcePort: 'out', target: 'chart', targetPort: 'in' },
      { source: 'sensors', sourcePort: 'out', target: 'scatter', targetPort: 'in' },
    ],
  };
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'charts.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(pipeline)),
  });
  await card(page, 'scatter').waitFor();
  await runAll(page);
  await card(page, 'chart').click();
  await page.getByRole('button', { name: 'Maximise data view' }).click();
  await page.getByRole('dialog', { name: 'Data view' }).getByTestId('chart-panel').first().waitFor();
  await shot(page, 'docs/workbench-chart.png');
}

await browser.close();
