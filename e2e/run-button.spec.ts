import { expect, node, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

/*
 * Issue 16 §3: an upload starts a run of its own. Run must stay Run under the cursor (a
 * click meant for it used to land on "Cancel run", which took its place), and a click on it
 * then runs the whole pipeline once the upload's run is done.
 */

function bigCsv(rows: number): string {
  const lines = ['id,value,group'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7919) % 1000},g${i % 13}`);
  return `${lines.join('\n')}\n`;
}

test('Run stays in place while an upload’s own run goes, and a click on it runs the whole pipeline', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  page.once('dialog', (d) => void d.accept());
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('data', 'ingest.file', { file: 'big.csv' }),
        pnode(
          'agg',
          'transform.sql',
          { sql: 'SELECT "group", count(*) AS n FROM input GROUP BY ALL' },
          { x: 300, y: 0 },
        ),
      ],
      [pedge('data', 'agg')],
    ),
  );
  await expect(page.getByTestId('node')).toHaveCount(2);
  const run = page.getByRole('button', { name: 'Run pipeline' });
  const before = await run.boundingBox();
  await page.getByLabel('Upload data').setInputFiles({
    name: 'big.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(bigCsv(400_000)),
  });
  // The upload's run is going: Cancel is there beside Run, which has not moved.
  await expect(page.getByRole('button', { name: 'Cancel run' })).toBeVisible();
  expect(await run.boundingBox()).toEqual(before);
  await run.click();
  await expect(node(page, 'agg')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(node(page, 'data')).toHaveAttribute('data-status', /done|cached/);
  await expect(node(page, 'agg').getByTestId('row-count')).toHaveText('13');
  // Idle again: Cancel is gone, its place kept.
  await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  expect(await run.boundingBox()).toEqual(before);
});

test('a long SQL step says how long it has been running, not only "running"', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('s', 'ingest.sample', { rows: 3_000_000 }),
        pnode(
          'q',
          'transform.sql',
          {
            sql: 'SELECT sensor_id, avg(temperature) OVER (PARTITION BY sensor_id ORDER BY timestamp ROWS 500 PRECEDING) AS m FROM input',
          },
          { x: 300, y: 0 },
        ),
      ],
      [pedge('s', 'q')],
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 's').getByTestId('node-elapsed')).toHaveText(/running · \d+ s/, {
    timeout: 30_000,
  });
  await expect(node(page, 'q')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('node-elapsed')).toHaveCount(0);
});
