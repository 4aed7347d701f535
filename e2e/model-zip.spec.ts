import { strFromU8, unzipSync } from 'fflate';
import { expect, node, openApp, test } from './fixtures';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

// Issue 10 §4: an exported model carries only the nodes that feed it, not unrelated nodes,
// their SQL or their file names.
let placed = 0;
/** Nodes side by side, so each card's buttons can be clicked. */
const n = (id: string, kind: string, params: Record<string, unknown> = {}) =>
  pnode(id, kind, params, { x: (placed % 3) * 320, y: Math.floor(placed++ / 3) * 260 });

test('a model zip holds the model path only: no unrelated node, SQL or file name', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const file = pipelineJson(
    [
      n('sample', 'ingest.sample', { rows: 2000 }),
      n('features', 'transform.sql', {
        sql: 'SELECT vibration, pressure, failure_24h FROM input WHERE vibration IS NOT NULL AND pressure IS NOT NULL',
      }),
      n('train', 'model.train', {
        target: 'failure_24h',
        epochs: 2,
        layers: [{ units: 8, activation: 'relu' }],
      }),
      n('export', 'export.model'),
      n('private', 'ingest.file', { file: 'salaries-private.csv' }),
      n('side', 'transform.sql', { sql: "SELECT 'UNRELATED_SECRET_MARKER' AS note FROM input" }),
    ],
    [
      pedge('sample', 'features'),
      pedge('features', 'train', 'out', 'train'),
      pedge('train', 'export', 'model', 'model'),
      pedge('sample', 'side'),
    ],
  );
  await importPipeline(page, file);
  await expect(node(page, 'export')).toBeVisible();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'export')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

  const download = page.waitForEvent('download');
  await node(page, 'export').getByRole('button', { name: 'Download model' }).click();
  const chunks = await (await (await download).createReadStream()).toArray();
  const files = unzipSync(new Uint8Array(Buffer.concat(chunks as Buffer[])));
  const manifest = strFromU8(files['pipewright-model.json'] as Uint8Array);
  const ids = (JSON.parse(manifest) as { pipeline: { nodes: { id: string }[] } }).pipeline.nodes.map(
    (x) => x.id,
  );
  expect(ids.sort()).toEqual(['features', 'sample', 'train']);
  expect(manifest).not.toContain('UNRELATED_SECRET_MARKER');
  expect(manifest).not.toContain('salaries-private.csv');
  expect(manifest).toContain('vibration');
});
