import type { Page } from '@playwright/test';
import { expect, node, openApp, test } from './fixtures';
import { type GridNode, openPipelineWithFiles, type PortEdge } from './pipeline-file';

/*
 * Defaults that never hurt the model (issue 11 §1): a person uploads a small CSV with a
 * binary target, opens a pipeline file that wires it, runs it and reads the results.
 */

/**
 * 600 customers: `vip` (a boolean) nearly decides `churn`; `x` carries a little signal;
 * `signup` is a date. Seeded, so every run sees the same rows.
 */
function churnCsv({ nullTargets = 0 } = {}): string {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['x,vip,signup,churn'];
  for (let i = 0; i < 600; i++) {
    const vip = rand() < 0.4;
    const churn = vip ? (rand() < 0.92 ? 1 : 0) : rand() < 0.08 ? 1 : 0;
    const x = (rand() * 2 - 1 + 0.3 * churn).toFixed(4);
    const day = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(`${x},${vip},${day},${i < nullTargets ? '' : churn}`);
  }
  return `${lines.join('\n')}\n`;
}

type N = GridNode;
type E = PortEdge;

/** Open a pipeline file (as Import pipeline does), then upload the CSV its file node reads. */
async function openPipeline(page: Page, nodes: N[], edges: E[], csv: string) {
  await openApp(page);
  await openPipelineWithFiles(page, nodes, edges, { 'churn.csv': csv }, 220);
  await expect(node(page, 'data')).toHaveAttribute('data-status', /done|cached/, { timeout: 30_000 });
  await expect(page.getByTestId('node')).toHaveCount(nodes.length);
}

async function run(page: Page, last: string) {
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, last)).toHaveAttribute('data-status', /done|warning|error/, { timeout: 120_000 });
}

const FAST = { learningRate: 0.01, epochs: 25, batchSize: 32, seed: 42 };
const data: N = { id: 'data', kind: 'ingest.file', params: { file: 'churn.csv' } };
const split: N = { id: 'split', kind: 'split.train_test', params: { testSize: 0.3, stratify: 'churn' } };

/** The actual-class labels of the confusion matrix, as shown. */
const confusionLabels = (page: Page) =>
  page.getByTestId('confusion-matrix').locator('tbody th').allTextContents();

test('Scale with default columns leaves a binary target alone: classes stay 0 and 1', async ({ page }) => {
  test.setTimeout(180_000);
  await openPipeline(
    page,
    [
      data,
      split,
      { id: 'scale', kind: 'features.scale' },
      { id: 'train', kind: 'model.train', params: { target: 'churn', exclude: ['signup'], ...FAST } },
      { id: 'evaluate', kind: 'model.evaluate' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'scale', 'in'],
      ['split', 'test', 'scale', 'apply'],
      ['scale', 'out', 'train', 'train'],
      ['train', 'model', 'evaluate', 'model'],
      ['scale', 'applied', 'evaluate', 'data'],
    ],
    churnCsv(),
  );
  await run(page, 'evaluate');
  await expect(node(page, 'scale')).toHaveAttribute('data-status', 'done');
  await expect(node(page, 'evaluate')).toHaveAttribute('data-status', 'done');
  await node(page, 'evaluate').click();
  // Scaled, the classes became two odd numbers (about -0.8 and 1.2) and the matrix broke.
  expect(await confusionLabels(page)).toEqual(['0', '1']);
  await node(page, 'scale').click();
  const fitted = page.getByTestId('fitted-stats');
  await expect(fitted.locator('td').first()).toHaveText('x');
  await expect(fitted.locator('tr', { hasText: 'churn' })).toHaveCount(0);
  await expect(page.getByTestId('fitted-targets-left-alone')).toContainText('“churn”');
});

test('Impute with default columns fits no value for the target: rows without one are not given a made-up class', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openPipeline(
    page,
    [
      data,
      { id: 'split', kind: 'split.train_test', params: { testSize: 0.3 } },
      { id: 'impute', kind: 'clean.impute' },
      { id: 'train', kind: 'model.train', params: { target: 'churn', exclude: ['signup'], ...FAST } },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'impute', 'in'],
      ['split', 'test', 'impute', 'apply'],
      ['impute', 'out', 'train', 'train'],
    ],
    churnCsv({ nullTargets: 40 }),
  );
  await run(page, 'train');
  await expect(node(page, 'impute')).toHaveAttribute('data-status', 'done');
  await node(page, 'impute').click();
  const fitted = page.getByTestId('fitted-stats');
  await expect(fitted).toBeVisible();
  await expect(fitted.locator('tr', { hasText: 'churn' })).toHaveCount(0);
  await expect(page.getByTestId('fitted-targets-left-alone')).toContainText('“churn”');
  // The model refuses unlabeled rows instead of learning a median label for them.
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'error');
  await expect(node(page, 'train').getByTestId('node-error')).toContainText(
    'The target column with missing values: "churn"',
  );
});

test('default features use booleans, name the date left out, and excepting a column keeps all the others', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openPipeline(
    page,
    [
      data,
      split,
      { id: 'train', kind: 'model.train', params: { target: 'churn', ...FAST } },
      { id: 'evaluate', kind: 'model.evaluate' },
    ],
    [
      ['data', 'out', 'split', 'in'],
      ['split', 'train', 'train', 'train'],
      ['train', 'model', 'evaluate', 'model'],
      ['split', 'test', 'evaluate', 'data'],
    ],
    churnCsv(),
  );
  await run(page, 'evaluate');
  // The boolean is a feature: with it the model separates the classes well (without, ~0.6).
  const auc = Number(await node(page, 'evaluate').locator('[data-metric="auc"]').textContent());
  expect(auc).toBeGreaterThan(0.85);
  // The date is not silently dropped: the node says which column and what to do.
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'warning');
  await expect(node(page, 'train').getByTestId('node-warning')).toContainText('"signup" (date/time)');

  await node(page, 'train').click();
  const summary = page.getByTestId('feature-set-summary');
  await expect(summary).toHaveText('All usable columns except churn (target) · 2 columns');
  const except = page.getByLabel('Exclude a column from Features', { exact: true });
  await except.selectOption('signup');
  await expect(summary).toHaveText('All usable columns except churn (target), signup · 2 columns');
  // Adding an exception removes that one column, never leaves only it.
  await except.selectOption('x');
  await expect(summary).toHaveText('All usable columns except churn (target), signup, x · 1 column');
  await page
    .getByLabel('Inspector', { exact: true })
    .screenshot({ path: test.info().outputPath('features-control.png') });
  await run(page, 'evaluate');
  await expect(node(page, 'train')).toHaveAttribute('data-status', 'done');
  expect(Number(await node(page, 'evaluate').locator('[data-metric="auc"]').textContent())).toBeGreaterThan(
    0.85,
  );

  // Column params pick from the upstream columns and flag a typo as it is typed.
  await node(page, 'split').click();
  await page.getByLabel('Stratify by').fill('chrun');
  await expect(page.getByTestId('field-warning')).toHaveText(
    'No column "chrun" in the input: did you mean "churn"?',
  );
  await page
    .getByLabel('Inspector', { exact: true })
    .screenshot({ path: test.info().outputPath('column-typo.png') });
  await page.getByLabel('Stratify by').fill('churn');
  await expect(page.getByTestId('field-warning')).toHaveCount(0);
});

test('fitting before the split warns about the leak and names the apply? port; the palette suggests the leak-free way', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openPipeline(
    page,
    [data, { id: 'scale', kind: 'features.scale' }, split],
    [
      ['data', 'out', 'scale', 'in'],
      ['scale', 'out', 'split', 'in'],
    ],
    churnCsv(),
  );
  await run(page, 'split');
  await expect(node(page, 'scale')).toHaveAttribute('data-status', 'warning');
  const warning = node(page, 'scale').getByTestId('node-warning');
  await expect(warning).toContainText('Leak: fitted before the split');
  await expect(warning).toContainText('"apply?"');
  await expect(page.getByRole('button', { name: 'Add Scale node' })).toHaveAttribute(
    'title',
    /Leak-free: put it after Split/,
  );
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas');
  await page.mouse.move(pane.x + 200, pane.y + pane.height - 120);
  await page.keyboard.press('/');
  const box = page.getByRole('dialog', { name: 'Quick add node' });
  await box.getByRole('combobox').pressSequentially('scale');
  await expect(box.getByRole('option').first().getByTestId('wiring-hint')).toContainText(
    'the split’s train into “in”, its test into “apply?”',
  );
  await box.screenshot({ path: test.info().outputPath('quick-add-hint.png') });
});
