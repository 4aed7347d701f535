import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, openTemplate } from './helpers';

const pipeline = (nodes: unknown[], edges: unknown[]) =>
  JSON.stringify({ format: 'pipewright/pipeline', version: 1, name: 'Messages', nodes, edges });

async function importGraph(page: import('@playwright/test').Page, nodes: unknown[], edges: unknown[]) {
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'messages.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(pipeline(nodes, edges)),
  });
  await expect(page.getByTestId('node')).toHaveCount(nodes.length);
}

test('a wrong-type connection dragged by the mouse says why, beside the cursor', async ({ page }) => {
  await openApp(page);
  page.once('dialog', (d) => void d.accept());
  await importGraph(
    page,
    [
      { id: 's', kind: 'ingest.sample', params: { rows: 100 }, position: { x: 0, y: 0 } },
      { id: 'ev', kind: 'model.evaluate', params: {}, position: { x: 360, y: 0 } },
    ],
    [],
  );
  const source = page.locator('[data-node-id="s"] [data-port="out"] .react-flow__handle');
  const model = page.locator('[data-node-id="ev"] [data-port="model"] .react-flow__handle');
  await source.hover();
  await page.mouse.down();
  const box = await model.boundingBox();
  if (!box) throw new Error('model handle not visible');
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(at.x, at.y, { steps: 8 });

  // While held over the model input: the reason, right beside the pointer.
  const refusal = page.getByTestId('connect-refusal');
  await expect(refusal).toHaveText(
    'Types differ: "out" (Sample data) gives a table, but "model" (Evaluate model) takes a model.',
  );
  const near = async () => {
    const r = await refusal.boundingBox();
    if (!r) throw new Error('refusal not visible');
    expect(Math.abs(r.x - at.x)).toBeLessThan(40);
    expect(Math.abs(r.y - at.y)).toBeLessThan(40);
  };
  await near();

  // Dropped there: no edge, and the reason stays at the drop point, not in a toast far away.
  await page.mouse.up();
  await expect(refusal).toBeVisible();
  await near();
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await expect(refusal).toBeHidden({ timeout: 8000 });
});

test('an error toast without an action goes away by itself', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'bad.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ not json'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not import "bad.pipeline.json"');
  await expect(alert).toBeHidden({ timeout: 15_000 });
});

test('a node not run because its input failed has its own state, reason and line', async ({ page }) => {
  await openApp(page);
  page.once('dialog', (d) => void d.accept());
  await importGraph(
    page,
    [
      { id: 's', kind: 'ingest.sample', params: { rows: 100 }, position: { x: 0, y: 0 } },
      {
        id: 'bad',
        kind: 'transform.sql',
        params: { sql: 'SELEC oops FROM input' },
        position: { x: 300, y: 0 },
      },
      { id: 'after', kind: 'clean.filter', params: {}, position: { x: 600, y: 0 } },
    ],
    [
      { source: 's', sourcePort: 'out', target: 'bad', targetPort: 'in' },
      { source: 'bad', sourcePort: 'out', target: 'after', targetPort: 'in' },
    ],
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'bad')).toHaveAttribute('data-status', 'error');
  const after = node(page, 'after');
  // data-status keeps the contract's values; the reason says it was not run, and why.
  await expect(after).toHaveAttribute('data-status', 'idle');
  await expect(after).toHaveAttribute('data-status-reason', 'blocked');
  await expect(after.getByTestId('node-not-run')).toHaveText(
    /^Not run: its input from "SQL.*" \(bad\) failed\.$/,
  );
  await expect(after.locator('.status-pill')).toHaveText('not run');
  // A node that never ran has no reason.
  await expect(node(page, 's')).not.toHaveAttribute('data-status-reason', /./);
});

test('a column profile counts 20,000 distinct in 20,000 rows exactly, with histogram axes', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  const lines = ['id,score'];
  for (let i = 0; i < 20_000; i++) lines.push(`${i},${i % 50}`);
  await page
    .getByLabel('Upload data')
    .setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await ingest.click();
  await page.getByRole('tab', { name: 'Column profile' }).click();
  const id = page.locator('[data-testid="column-profile"] tr[data-column="id"]');
  // approx_count_distinct said 20,162 here.
  await expect(id.locator('[data-stat="distinct"]')).toHaveText('20,000');
  await expect(id.locator('[data-stat="distinct"]')).not.toHaveAttribute('data-approximate', /./);
  await expect(page.locator('tr[data-column="score"] [data-stat="distinct"]')).toHaveText('50');
  // The histogram has a count axis and a value axis, and each bar its value range.
  const hist = id.getByTestId('histogram');
  await expect(hist.locator('[data-axis="y-min"]')).toHaveText('0');
  await expect(hist.locator('[data-axis="y-max"]')).toHaveText('1,000');
  await expect(hist.locator('[data-axis="x-min"]')).toHaveText('0');
  await expect(hist.locator('[data-axis="x-max"]')).toHaveText('19999');
  await expect(hist.locator('[data-bin-range]')).toHaveCount(20);
  await expect(hist.locator('[data-bin-range]').first()).toHaveAttribute('title', '0 – 1,000: 1,000 rows');
});

test('validate rules are edited in a form: type, column and thresholds, with the JSON one click away', async ({
  page,
}) => {
  await openApp(page);
  await openTemplate(page, 'sensor-preparation');
  await node(page, 'validate').click();
  const rows = page.getByTestId('rule-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel('Rule 1 type')).toHaveValue('between');
  await expect(page.getByLabel('Rule 1 column')).toHaveValue('temperature');
  await expect(page.getByLabel('Rule 1 max')).toHaveValue('150');
  await expect(page.getByLabel('Rule 2 within')).toHaveValue('sensor_id');

  await page.getByLabel('Rule 1 max').fill('100');
  await page.getByLabel('Rule 1 max').press('Enter');
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Rule 3 type').selectOption('in_set');
  await page.getByLabel('Rule 3 column').fill('sensor_id');
  await page.getByLabel('Rule 3 column').press('Enter');
  await page.getByLabel('Rule 3 values').fill('S1, S2, "7"');
  await page.getByLabel('Rule 3 values').press('Enter');
  await page.getByRole('button', { name: 'Remove rule 2' }).click();
  await expect(rows).toHaveCount(2);

  await page.getByRole('button', { name: 'Edit as JSON' }).click();
  const json = JSON.parse(await page.getByRole('textbox', { name: 'Rules', exact: true }).inputValue());
  expect(json).toEqual([
    { type: 'between', column: 'temperature', min: -50, max: 100 },
    { type: 'in_set', column: 'sensor_id', values: ['S1', 'S2', '7'] },
  ]);
  await page.getByRole('button', { name: 'Edit as form' }).click();
  await expect(rows).toHaveCount(2);
  // What the form wrote is a valid rule list: the node runs it (a failing rule only warns).
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'validate')).toHaveAttribute('data-status', /^(done|warning)$/, {
    timeout: 60_000,
  });
});

test('the node card names the training backend without the graphics driver string', async ({ page }) => {
  await openApp(page);
  page.once('dialog', (d) => void d.accept());
  await importGraph(
    page,
    [
      { id: 's', kind: 'ingest.sample', params: { rows: 300 }, position: { x: 0, y: 0 } },
      {
        id: 'q',
        kind: 'transform.sql',
        params: {
          sql: 'SELECT temperature, vibration, pressure FROM input WHERE vibration IS NOT NULL AND pressure IS NOT NULL AND temperature IS NOT NULL',
        },
        position: { x: 300, y: 0 },
      },
      {
        id: 'train',
        kind: 'model.train',
        params: { target: 'temperature', epochs: 1 },
        position: { x: 600, y: 0 },
      },
    ],
    [
      { source: 's', sourcePort: 'out', target: 'q', targetPort: 'in' },
      { source: 'q', sourcePort: 'out', target: 'train', targetPort: 'train' },
    ],
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'train')).toHaveAttribute('data-status', /^(done|warning|error)$/, {
    timeout: 120_000,
  });
  await expect(node(page, 'train')).not.toHaveAttribute('data-status', 'error');
  const backend = node(page, 'train').getByTestId('node-backend');
  await expect(backend).toHaveAttribute('data-backend', /^(wasm|webgl|webgpu|cpu)$/);
  // Headless Chromium's WebGL is SwiftShader: the reason stays, the renderer string does not.
  await expect(backend).not.toContainText(/ANGLE|SwiftShader|Vulkan|\(/);
  // The full note, renderer and all, is in the inspector's report.
  if ((await backend.textContent())?.includes('software renderer')) {
    await node(page, 'train').click();
    await expect(page.locator('.inspector')).toContainText(/software renderer \(.+\)/);
  }
});
