import { expect, node, openApp, test } from './fixtures';

const pipeline = (nodes: unknown[], edges: unknown[]) =>
  JSON.stringify({ format: 'pipewright/pipeline', version: 1, name: 'Errors', nodes, edges });

test('a bad SQL node fails alone with its message; the rest runs and the graph stays editable', async ({
  page,
}) => {
  await openApp(page);
  const file = pipeline(
    [
      { id: 's', kind: 'ingest.sample', params: { rows: 1000 }, position: { x: 0, y: 0 } },
      {
        id: 'bad',
        kind: 'transform.sql',
        params: { sql: 'SELEC oops FROM input' },
        position: { x: 300, y: -100 },
      },
      { id: 'after', kind: 'clean.filter', params: {}, position: { x: 600, y: -100 } },
      {
        id: 'good',
        kind: 'transform.sql',
        params: { sql: 'SELECT count(*) AS n FROM input' },
        position: { x: 300, y: 120 },
      },
    ],
    [
      { source: 's', sourcePort: 'out', target: 'bad', targetPort: 'in' },
      { source: 'bad', sourcePort: 'out', target: 'after', targetPort: 'in' },
      { source: 's', sourcePort: 'out', target: 'good', targetPort: 'in' },
    ],
  );
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'errors.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  await expect(page.getByTestId('node')).toHaveCount(4);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'bad')).toHaveAttribute('data-status', 'error');
  await expect(node(page, 'bad').getByTestId('node-error')).toContainText(/syntax error/i);
  await expect(node(page, 'good')).toHaveAttribute('data-status', 'done');
  await expect(node(page, 'good').getByTestId('row-count')).toHaveText('1');
  await expect(node(page, 'after')).toHaveAttribute('data-status', 'idle');
  await expect(node(page, 'after')).toContainText('Not run');

  // Fix the query in the inspector and run again: it recovers, the unchanged node is cached.
  await node(page, 'bad').click();
  const query = page.getByLabel('Query');
  await query.fill('SELECT * FROM input WHERE vibration > 1');
  await query.blur();
  await expect(node(page, 'bad')).toHaveAttribute('data-status', 'stale');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'after')).toHaveAttribute('data-status', 'done');
  await expect(node(page, 'bad')).toHaveAttribute('data-status', 'done');
  await expect(node(page, 's')).toHaveAttribute('data-status', 'cached');
});

test('an invalid pipeline file is refused with a message naming the node and field; the graph is intact', async ({
  page,
}) => {
  await openApp(page);
  await expect(page.getByTestId('node')).toHaveCount(4);
  const bad = pipeline(
    [
      { id: 'a', kind: 'ingest.sample', params: { rows: 'lots' }, position: { x: 0, y: 0 } },
      { id: 'b', kind: 'clean.teleport', params: {}, position: { x: 0, y: 0 } },
    ],
    [],
  );
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'bad.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(bad),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not import "bad.pipeline.json"');
  await expect(alert).toContainText('node "a" (ingest.sample): param "rows"');
  await expect(alert).toContainText('node "b" has unknown kind "clean.teleport"');
  await expect(page.getByTestId('node')).toHaveCount(4);
  await expect(node(page, 'n1')).toHaveAttribute('data-kind', 'ingest.sample');

  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'junk.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from('this is not json'),
  });
  await expect(page.getByRole('alert').last()).toContainText('not JSON');
  await expect(page.getByTestId('node')).toHaveCount(4);
});
