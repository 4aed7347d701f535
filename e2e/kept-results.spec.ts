import { expect, node, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

/*
 * Results that survive a reload (issue 14 §2): a person trains, reloads the tab and runs
 * again: every node comes back `cached`, the models are not trained again; "Clear cache"
 * lets them go.
 */

const FEATURES = { target: 'failure_24h', features: ['temperature', 'vibration', 'pressure'] };
const IDS = ['sample', 'clean', 'split', 'gbdt', 'nn', 'eval_gbdt', 'eval_nn'];

test('train, reload, run: every node is cached and no model trains again; Clear cache lets them go', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await blankCanvas(page);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('sample', 'ingest.sample', { rows: 6000 }),
        pnode('clean', 'clean.drop_nulls', {}, { x: 260, y: 0 }),
        pnode('split', 'split.train_test', { testSize: 0.25 }, { x: 520, y: 0 }),
        pnode('gbdt', 'model.gbdt', { ...FEATURES, rounds: 40 }, { x: 780, y: -120 }),
        pnode('nn', 'model.train', { ...FEATURES, epochs: 6, batchSize: 128 }, { x: 780, y: 120 }),
        pnode('eval_gbdt', 'model.evaluate', {}, { x: 1040, y: -120 }),
        pnode('eval_nn', 'model.evaluate', {}, { x: 1040, y: 120 }),
      ],
      [
        pedge('sample', 'clean'),
        pedge('clean', 'split'),
        pedge('split', 'gbdt', 'train', 'train'),
        pedge('split', 'nn', 'train', 'train'),
        pedge('gbdt', 'eval_gbdt', 'model', 'model'),
        pedge('split', 'eval_gbdt', 'test', 'data'),
        pedge('nn', 'eval_nn', 'model', 'model'),
        pedge('split', 'eval_nn', 'test', 'data'),
      ],
    ),
  );
  await expect(page.getByTestId('node')).toHaveCount(IDS.length);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of IDS)
    await expect(node(page, id), id).toHaveAttribute('data-status', /done|warning/, { timeout: 120_000 });
  const auc = await node(page, 'eval_nn').locator('[data-metric="auc"]').textContent();
  // Kept in the background: the status bar counts them once written.
  await expect(page.getByTestId('kept-results')).toHaveAttribute('data-kept-results', String(IDS.length), {
    timeout: 30_000,
  });

  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  for (const id of IDS)
    await expect(node(page, id), id).toHaveAttribute('data-status', 'cached', { timeout: 60_000 });
  // Nothing trained: no progress or loss points on the model cards, the same AUC.
  await expect(node(page, 'nn').getByTestId('node-progress')).toHaveCount(0);
  await expect(node(page, 'eval_nn').locator('[data-metric="auc"]')).toHaveText(auc ?? '');

  // The status bar keeps to one line with a node selected (the inspector open), and Clear
  // cache is whole: the memory text before it gives way, not the button.
  await node(page, 'nn').click();
  const layout = await page.locator('footer.statusbar').evaluate((bar) => {
    const button = [...bar.querySelectorAll('button')].find((b) => b.textContent === 'Clear cache');
    const r = button?.getBoundingClientRect();
    return {
      tallest: Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().height)),
      buttonHit: !!r && document.elementFromPoint(r.right - 3, r.top + r.height / 2) === button,
    };
  });
  expect(layout.tallest).toBeLessThan(30);
  expect(layout.buttonHit).toBe(true);

  // Clear cache: after the next reload everything runs again.
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('kept-results')).toHaveAttribute('data-kept-results', '0');
  await page.reload();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'gbdt')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
});
