import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';
import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

/** Every input gives a table or a short message naming the file, the column and the problem. */

const data = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', name);

async function upload(page: Page, files: { name: string; buffer: Buffer }[]) {
  await page
    .getByLabel('Upload data')
    .setInputFiles(files.map((f) => ({ ...f, mimeType: 'application/octet-stream' })));
}

const card = (page: Page, fileName: string) => nodesOfKind(page, 'ingest.file').filter({ hasText: fileName });

test('an NDJSON file (one record per line) loads as a table', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await upload(page, [
    { name: 'events.ndjson', buffer: Buffer.from('{"id":1,"kind":"a"}\n{"id":2,"kind":"b"}\n{"id":3}\n') },
  ]);
  await expect(card(page, 'events.ndjson')).toHaveAttribute('data-status', 'done');
  await expect(card(page, 'events.ndjson').getByTestId('row-count')).toHaveText('3');
});

test('JSON that is not records says which file, what it holds and what shape was expected', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  const files: [string, string, RegExp][] = [
    ['scalar.json', '42', /"scalar\.json" is a number, not records/],
    ['numbers.json', '[1, 2, 3]', /"numbers\.json" is an array whose item 1 is a number, not a record/],
    ['nested.json', '{"a": {"b": 1}}', /"nested\.json" is one object with nested objects or arrays/],
  ];
  await upload(
    page,
    files.map(([name, text]) => ({ name, buffer: Buffer.from(text) })),
  );
  for (const [name, , message] of files) {
    await expect(card(page, name), name).toHaveAttribute('data-status', 'error');
    const error = card(page, name).getByTestId('node-error');
    await expect(error, name).toContainText(message);
    await expect(error, name).toContainText('expected an array of records');
    await expect(error, name).not.toContainText(/Table type not specified|exception_type/);
  }
});

test('Parquet with LIST, STRUCT and MAP columns previews them as text and profiles them', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await page.getByLabel('Upload data').setInputFiles(data('nested.parquet'));
  const ingest = card(page, 'nested.parquet');
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await expect(ingest.getByTestId('row-count')).toHaveText('5');
  await ingest.click();
  // The time-zone timestamp is a plain (UTC) TIMESTAMP once loaded: no ICU download needed.
  await expect(page.getByTestId('preview-column')).toHaveText([
    /id\s*INTEGER/,
    /ts\s*TIMESTAMP$/,
    /temp\s*DOUBLE/,
    /tags\s*BIGINT\[\]/,
    /info\s*STRUCT/,
    /attrs\s*MAP/,
  ]);
  await expect(page.locator('.preview-error')).toHaveCount(0);
  await expect(page.getByText('[1, 10]', { exact: true })).toBeVisible();
  await expect(page.getByText("{'x': 1, 'label': p1}", { exact: true })).toBeVisible();
  await expect(page.getByText('{k1=1}', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Column profile' }).click();
  const tags = page.getByTestId('column-profile').locator('tr[data-column="tags"]');
  await expect(tags.locator('.top-values li')).toHaveCount(5);
  await expect(tags.locator('.histogram')).toHaveCount(0);
  await expect(page.locator('.preview-error')).toHaveCount(0);
});

test('a rolling time window over a time-zone timestamp runs (no Binder Error)', async ({ page }) => {
  await openApp(page);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('s', 'ingest.sample', { rows: 200 }),
        pnode('tz', 'transform.sql', { sql: 'SELECT *, "timestamp"::TIMESTAMPTZ AS ts FROM input' }),
        pnode('roll', 'features.rolling', {
          partitionBy: ['sensor_id'],
          orderBy: 'ts',
          window: { range: '5 minutes' },
          columns: ['temperature'],
          stats: ['mean'],
        }),
      ],
      [pedge('s', 'tz'), pedge('tz', 'roll')],
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'tz')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(node(page, 'roll')).toHaveAttribute('data-status', 'done');
  await expect(node(page, 'roll').getByTestId('row-count')).toHaveText('200');
});

test('an INTERVAL column downloads as Parquet (written as text)', async ({ page }) => {
  await openApp(page);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('s', 'ingest.sample', { rows: 20 }),
        pnode('iv', 'transform.sql', { sql: 'SELECT sensor_id, to_minutes(5) AS span FROM input' }),
        pnode('out', 'export.data', { format: 'parquet' }),
      ],
      [pedge('s', 'iv'), pedge('iv', 'out')],
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'iv')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const download = page.waitForEvent('download');
  await node(page, 'out').getByRole('button', { name: 'Download data' }).click();
  const file = await download;
  const bytes = Buffer.concat((await (await file.createReadStream()).toArray()) as Buffer[]);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
  expect(bytes.includes(Buffer.from('00:05:00'))).toBe(true);
  await expect(page.getByText('Download failed')).toHaveCount(0);
});

test('64-bit integers past 2^53 preview and download as Parquet with every digit; rounded doubles say so', async ({
  page,
}) => {
  await openApp(page);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('s', 'ingest.sample', { rows: 3 }),
        pnode(
          'ids',
          'transform.sql',
          {
            sql: 'SELECT 9007199254740993::BIGINT + 0 AS id, 18446744073709551615::UBIGINT AS u, [9007199254740993]::BIGINT[] AS ids, count(*) OVER () AS n, 1 / 3 AS third FROM input LIMIT 1',
          },
          { x: 300, y: 0 },
        ),
        pnode('out', 'export.data', { format: 'parquet' }, { x: 600, y: 0 }),
      ],
      [pedge('s', 'ids'), pedge('ids', 'out')],
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'ids')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  // The preview shows the digits DuckDB holds, not the nearest double (…992).
  await node(page, 'ids').click();
  const row = page.locator('.preview-row:not(.preview-head)').first();
  await expect(row).toContainText('9007199254740993');
  await expect(row).toContainText('18446744073709551615');
  // A double shown to 8 digits says so and carries its whole value.
  const third = row.locator('[data-rounded="true"]');
  await expect(third).toHaveText('0.33333333');
  await expect(third).toHaveAttribute('title', '0.3333333333333333 (shown rounded)');

  const download = page.waitForEvent('download');
  await node(page, 'out').getByRole('button', { name: 'Download data' }).click();
  const file = await download;
  const bytes = Buffer.concat((await (await file.createReadStream()).toArray()) as Buffer[]);
  const table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
  expect(types).toMatchObject({ id: 'Int64', u: 'Uint64', n: 'Int64' });
  expect(table.getChild('id')?.get(0)).toBe(9007199254740993n);
  expect(table.getChild('u')?.get(0)).toBe(18446744073709551615n);
  expect(table.getChild('n')?.get(0)).toBe(3n);
  // Inside a list: an exact decimal (was the integer's bits read as a double, 4.45e-308).
  expect(String(table.getChild('ids')?.get(0)?.get(0))).toBe('9007199254740993');
  await expect(page.getByText('Download failed')).toHaveCount(0);
});

test('a huge line gives a short message with the cause first', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await upload(page, [
    { name: 'huge-line.csv', buffer: Buffer.from(`a,b\n1,${'x'.repeat(3 * 1024 * 1024)}\n`) },
  ]);
  const ingest = card(page, 'huge-line.csv');
  await expect(ingest).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
  const error = ingest.getByTestId('node-error');
  await expect(error).toContainText(
    /^Could not read "huge-line\.csv": line \d+ is 3\.1 MB long, more than the 2\.0 MB a line may have/,
  );
  expect(((await error.textContent()) ?? '').length).toBeLessThan(220);
});

test('a long error shows its first 200 characters; "details" reveals the rest, all of it in the card', async ({
  page,
}) => {
  await openApp(page);
  const long = 'y'.repeat(400);
  await importPipeline(
    page,
    pipelineJson(
      [
        pnode('s', 'ingest.sample', { rows: 5 }),
        pnode('bad', 'transform.sql', { sql: `SELECT '${long}'::INTEGER AS x FROM input` }),
      ],
      [pedge('s', 'bad')],
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  const error = node(page, 'bad').getByTestId('node-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  // The whole message stays in the element's text; only its head is shown.
  await expect(error).toContainText(`Could not convert string '${long}'`);
  // biome-ignore lint/performance/useDomNodeTextContent: what is shown, not all the element holds
  const shown = await error.innerText();
  expect(shown.length).toBeLessThan(230);
  expect(shown).toMatch(/… details$/);
  await node(page, 'bad').screenshot({ path: 'test-results/inputs-error-short.png' });
  await error.getByRole('button', { name: 'details' }).click();
  await expect(error.getByRole('button', { name: 'less' })).toHaveAttribute('aria-expanded', 'true');
  // biome-ignore lint/performance/useDomNodeTextContent: the rest is shown now, not only held
  expect(await error.innerText()).toContain(`'${long}'`);
  await node(page, 'bad').screenshot({ path: 'test-results/inputs-error-details.png' });
});

test('a ZIP archive named .csv is refused by what it is, not read as a 0-row table', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  const zip = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
    Buffer.alloc(20),
    Buffer.from('abc\n'),
  ]);
  await upload(page, [{ name: 'archive.csv', buffer: zip }]);
  const ingest = card(page, 'archive.csv');
  await expect(ingest).toHaveAttribute('data-status', 'error');
  await expect(ingest.getByTestId('node-error')).toContainText(
    '"archive.csv" is a ZIP archive (or an Excel/ODF file), not delimited text',
  );
});

test('a NUL character in a column name: the table previews and profiles', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  await upload(page, [{ name: 'nul-header.csv', buffer: Buffer.from('a\u0000b,c\n1,2\n3,4\n') }]);
  const ingest = card(page, 'nul-header.csv');
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await ingest.click();
  await expect(page.getByTestId('preview-column')).toHaveText([/a\uFFFDb\s*BIGINT/, /c\s*BIGINT/]);
  await expect(page.getByTestId('preview-row-count')).toHaveText('2');
  await expect(page.locator('.preview-error')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Column profile' }).click();
  await expect(
    page.getByTestId('column-profile').locator('tr[data-column="a\uFFFDb"] [data-stat="nulls"]'),
  ).toHaveText('0');
  await expect(page.locator('.preview-error')).toHaveCount(0);
});
