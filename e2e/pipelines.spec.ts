import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

/*
 * Many pipelines (issue 14 §1): each has its own save and address, so two tabs hold two
 * pipelines edited at once; templates open beside yours; rename, duplicate, delete.
 */

const nodes = (page: Page) => page.getByTestId('node');

test('two pipelines in two tabs are edited at once without loss, and a template opens beside them', async ({
  page,
  context,
}) => {
  await openApp(page);
  const sampleCount = await nodes(page).count();
  expect(sampleCount).toBeGreaterThan(0);

  // Tab 1: a new pipeline at its own address.
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await expect(page).toHaveURL(/#\/p\/[a-z0-9-]+$/);
  await expect(nodes(page)).toHaveCount(0);
  await page.getByLabel('Pipeline name').fill('Churn model');
  const churnUrl = page.url();

  // Tab 2: the first pipeline.
  const other = await context.newPage();
  await openApp(other);
  await expect(nodes(other)).toHaveCount(sampleCount);

  // Both edited at once.
  await page.getByRole('button', { name: 'Add SQL node' }).click();
  await other.getByRole('button', { name: 'Add SQL node' }).click();
  await other.getByRole('button', { name: 'Add SQL node' }).click();
  await expect(nodes(page)).toHaveCount(1);
  await expect(nodes(other)).toHaveCount(sampleCount + 2);

  // Nothing lost, nothing mixed, no conflict: each tab reloads into its own pipeline.
  await page.reload();
  await other.reload();
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Churn model');
  await expect(nodes(page)).toHaveCount(1);
  await expect(nodes(other)).toHaveCount(sampleCount + 2);
  await expect(page.getByText('Another tab')).toHaveCount(0);
  await expect(other.getByText('Another tab')).toHaveCount(0);

  // A template opens as a new pipeline; the two before stay listed as they were.
  await page.getByLabel('Open template').selectOption('blank');
  await expect(page).not.toHaveURL(churnUrl);
  await expect(nodes(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Pipelines', exact: true }).click();
  const list = page.getByRole('dialog', { name: 'Pipelines' });
  await expect(list.getByTestId('pipeline-row')).toHaveCount(3);
  await expect(list.getByLabel('Name of pipeline Churn model')).toBeVisible();

  // Open the churn pipeline from the list: its nodes and its address.
  await list.getByRole('link', { name: 'Open Churn model' }).click();
  await expect(page).toHaveURL(churnUrl);
  await expect(nodes(page)).toHaveCount(1);

  // Duplicate, rename the copy in place, then delete it.
  await page.getByRole('button', { name: 'Pipelines', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Pipelines' })
    .getByRole('button', { name: 'Duplicate Churn model' })
    .click();
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Churn model (copy)');
  await expect(nodes(page)).toHaveCount(1);
  await expect(page).not.toHaveURL(churnUrl);
  const panel = page.getByRole('dialog', { name: 'Pipelines' });
  await expect(panel.getByTestId('pipeline-row')).toHaveCount(4);
  const copyName = panel.getByLabel('Name of pipeline Churn model (copy)');
  await copyName.fill('Churn v2');
  await copyName.press('Enter');
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Churn v2');
  page.once('dialog', (d) => void d.accept());
  await panel.getByRole('button', { name: 'Delete Churn v2' }).click();
  await expect(panel.getByTestId('pipeline-row')).toHaveCount(3);
  await expect(page.getByLabel('Pipeline name')).not.toHaveValue('Churn v2');

  // The other tab's pipeline was never touched.
  await other.reload();
  await expect(nodes(other)).toHaveCount(sampleCount + 2);
});

test('run history lists this pipeline’s runs only, with its name', async ({ page }) => {
  await openApp(page);
  const history = async () => {
    await page.getByRole('button', { name: 'Runs', exact: true }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    return page.getByTestId('run-history').locator('tbody tr');
  };
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  const firstUrl = page.url();
  const firstName = await page.getByLabel('Pipeline name').inputValue();

  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.getByLabel('Pipeline name').fill('Second');
  await page.getByRole('button', { name: 'Add Sample data node' }).click();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  // The same sample the first pipeline read comes back from the kept results.
  await expect(page.getByTestId('node')).toHaveAttribute('data-status', /done|cached/, { timeout: 60_000 });
  const rows = await history();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Second');
  await page.getByRole('button', { name: 'Runs', exact: true }).click();

  await page.goto(firstUrl);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  const first = await history();
  await expect(first).toHaveCount(1);
  await expect(first.first()).toContainText(firstName);
});

test('deleting a pipeline lets go of the uploaded files only it read', async ({ page }) => {
  await openApp(page);
  const kept = () =>
    page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('pipewright-files', {
        create: true,
      });
      const names: string[] = [];
      for await (const [name] of dir.entries()) names.push(name);
      return names.sort();
    });
  const upload = async (name: string) => {
    await page.getByLabel('Upload data').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from('id,v\n1,10\n2,20\n'),
    });
    await expect(page.locator('[data-testid="node"][data-kind="ingest.file"]')).toHaveAttribute(
      'data-status',
      'done',
    );
  };
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.getByLabel('Pipeline name').fill('Keeps a');
  await upload('a.csv');
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.getByLabel('Pipeline name').fill('Only b');
  await upload('b.csv');
  await expect.poll(kept).toEqual(['a.csv', 'b.csv']);

  await page.getByRole('button', { name: 'Pipelines', exact: true }).click();
  page.once('dialog', (d) => void d.accept());
  await page
    .getByRole('dialog', { name: 'Pipelines' })
    .getByRole('button', { name: 'Delete Only b' })
    .click();
  await expect.poll(kept).toEqual(['a.csv']);
});

test('deleting an uploaded file frees its copy; the node reading it then asks for it', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'New pipeline' }).click();
  await page.getByLabel('Upload data').setInputFiles({
    name: 'gone.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,v\n1,10\n'),
  });
  const reader = page.locator('[data-testid="node"][data-kind="ingest.file"]');
  await expect(reader).toHaveAttribute('data-status', 'done');
  const kept = () =>
    page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('pipewright-files', {
        create: true,
      });
      const names: string[] = [];
      for await (const [name] of dir.entries()) names.push(name);
      return names;
    });
  await expect.poll(kept).toEqual(['gone.csv']);
  await page.getByRole('button', { name: 'Files', exact: true }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('dialog', { name: 'Files' }).getByRole('button', { name: 'Delete gone.csv' }).click();
  await expect(page.getByRole('dialog', { name: 'Files' }).getByTestId('file-row')).toHaveCount(0);
  await expect.poll(kept).toEqual([]);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(reader.getByTestId('node-error')).toContainText('gone.csv');
});

test('a pipeline file imported from the Pipelines list opens as a new pipeline beside the open one', async ({
  page,
}) => {
  await openApp(page);
  const before = await page.getByTestId('node').count();
  const firstUrl = page.url();
  await page.getByRole('button', { name: 'Pipelines', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Pipelines' });
  await expect(panel.getByTestId('pipeline-row')).toHaveCount(1);
  await panel.getByLabel('Import as a new pipeline').setInputFiles({
    name: 'imported.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'pipewright/pipeline',
        version: 1,
        name: 'Imported one',
        nodes: [{ id: 's', kind: 'ingest.sample', params: { rows: 10 }, position: { x: 0, y: 0 } }],
        edges: [],
      }),
    ),
  });
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Imported one');
  await expect(page.getByTestId('node')).toHaveCount(1);
  await expect(page).not.toHaveURL(firstUrl);
  await expect(panel.getByTestId('pipeline-row')).toHaveCount(2);
  await page.goto(firstUrl);
  await expect(page.getByTestId('node')).toHaveCount(before);
});
