import { expect, node, openApp, test } from './fixtures';
import { openTemplate } from './helpers';
import { machinesCsv } from './machines-csv';
import { openPipelineWithFiles } from './pipeline-file';

/*
 * The neural net's hidden layers are a list a person edits row by row (issue 12), not
 * JSON: add a layer, set its units, run, and the trained network has that shape.
 */

/** Dense parameters (weights + biases) of 3 features → hidden units… → 1 output. */
function denseParameters(units: number[]): number {
  const sizes = [3, ...units, 1];
  let total = 0;
  for (let i = 1; i < sizes.length; i++) total += ((sizes[i - 1] as number) + 1) * (sizes[i] as number);
  return total;
}

test('a person adds a hidden layer in the list, sets its units, and the trained network has it', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openPipelineWithFiles(
    page,
    [
      { id: 'data', kind: 'ingest.file', params: { file: 'machines.csv' } },
      {
        id: 'nn',
        kind: 'model.train',
        params: {
          target: 'failure',
          features: ['temperature', 'vibration', 'pressure'],
          epochs: 1,
          validationSplit: 0,
        },
      },
    ],
    [['data', 'out', 'nn', 'train']],
    { 'machines.csv': machinesCsv() },
  );
  await node(page, 'nn').click();
  const rows = page.getByTestId('layer-row');
  // The default network, 128 → 64, as two rows with their values.
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel('Layer 1 units')).toHaveValue('128');
  await expect(page.getByLabel('Layer 1 dropout')).toHaveValue('0.2');
  await expect(page.getByLabel('Layer 2 units')).toHaveValue('64');

  await page.getByRole('button', { name: '+ Add layer' }).click();
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Layer 3 units').fill('10');
  await page.getByLabel('Layer 3 units').press('Enter');
  await page.getByLabel('Layer 3 activation').selectOption('tanh');
  await expect(page.getByLabel('Layer 3 units')).toHaveValue('10');
  await page.screenshot({ path: testInfo.outputPath('layers-list.png') });

  // A value the schema refuses is shown on the list, and nothing is changed.
  await page.getByLabel('Layer 3 units').fill('0');
  await page.getByLabel('Layer 3 units').press('Enter');
  await expect(page.getByRole('alert')).toContainText(/1|greater|small/i);
  await page.getByLabel('Layer 3 units').fill('10');
  await page.getByLabel('Layer 3 units').press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'nn')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await node(page, 'nn').click();
  const parameters = page.locator('.report-row', { has: page.locator('dt', { hasText: /^parameters$/ }) });
  await expect(parameters.locator('dd')).toHaveText(String(denseParameters([128, 64, 10])));

  // "Edit as JSON" shows the same list, with the new layer in it.
  await page.getByRole('button', { name: 'Edit as JSON' }).click();
  const json = JSON.parse(await page.getByLabel('Hidden layers').inputValue()) as unknown[];
  expect(json).toEqual([
    { units: 128, activation: 'relu', dropout: 0.2 },
    { units: 64, activation: 'relu' },
    { units: 10, activation: 'tanh' },
  ]);

  // Removing it gives the default network back.
  await page.getByRole('button', { name: 'Edit as list' }).click();
  await page.getByRole('button', { name: 'Remove layer 3' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'nn')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(parameters.locator('dd')).toHaveText(String(denseParameters([128, 64])));
});

test('a template network without a layers param shows the default layers it trains, not an empty list', async ({
  page,
}) => {
  await openApp(page);
  await openTemplate(page, 'predictive-maintenance');
  await node(page, 'train').click();
  await expect(page.getByTestId('layer-row')).toHaveCount(2);
  await expect(page.getByLabel('Layer 1 units')).toHaveValue('128');
  await expect(page.getByLabel('Layer 2 units')).toHaveValue('64');
});
