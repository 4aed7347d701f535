import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

const pipeline = (nodes: unknown[], edges: unknown[] = [], extra: Record<string, unknown> = {}) =>
  pipelineJson(nodes, edges, { name: 'Hostile', ...extra });

test('hostile pipeline files are refused with a message naming the problem; the graph is untouched', async ({
  page,
}) => {
  await openApp(page);
  const cases: [string, string | Buffer, RegExp][] = [
    ['unknown kind', pipeline([pnode('a', 'clean.teleport')]), /node "a" has unknown kind "clean.teleport"/],
    [
      'unknown port',
      pipeline(
        [pnode('a', 'ingest.sample'), pnode('b', 'clean.filter')],
        [pedge('a', 'b', 'out', 'sideways')],
      ),
      /node "b" \(clean.filter\) has no input port "sideways"/,
    ],
    [
      'cycle',
      pipeline([pnode('a', 'clean.filter'), pnode('b', 'clean.filter')], [pedge('a', 'b'), pedge('b', 'a')]),
      /cycle/,
    ],
    [
      'type mismatch',
      pipeline(
        [
          pnode('s', 'ingest.sample'),
          pnode('t', 'model.train', { target: 'temperature' }),
          pnode('f', 'clean.filter'),
        ],
        [pedge('s', 't', 'out', 'train'), pedge('t', 'f', 'model', 'in')],
      ),
      /connects a model output to a table input/,
    ],
    [
      'missing required param',
      pipeline([pnode('q', 'transform.sql', { sql: '' })]),
      /node "q" \(transform.sql\): param "sql"/,
    ],
    ['wrong version', pipeline([], [], { version: 7 }), /Unsupported pipeline version 7/],
    ['not JSON', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), /not JSON/],
    [
      '10 MB file',
      pipeline([pnode('a', 'ingest.sample', { pad: 'x'.repeat(10 * 1024 * 1024) })]),
      /at most 5 MB/,
    ],
  ];
  for (const [label, text, message] of cases) {
    await importPipeline(page, text, `${label}.pipeline.json`);
    await expect(page.getByRole('alert').last(), label).toContainText(message);
    await expect(page.getByTestId('node'), label).toHaveCount(4);
    await page.getByRole('alert').last().getByRole('button', { name: 'Dismiss' }).click();
  }
  await expect(node(page, 'n1')).toHaveAttribute('data-kind', 'ingest.sample');
});

test('SQL that is wrong, fails at run time, or reaches outside the engine fails on its node only', async ({
  page,
}) => {
  await openApp(page);
  const queries: [string, string, RegExp | null][] = [
    ['syntax', 'SELEC 1 FROM input', /syntax error/i],
    ['bad cast', "SELECT 'abc'::INTEGER AS x FROM input", /Could not convert string 'abc'/],
    ['division by zero', 'SELECT 1 / 0 AS x FROM input LIMIT 1', null],
    ['missing input', 'SELECT * FROM input2', /input2/],
    ['missing node table', 'SELECT * FROM pw_n99_out', /pw_n99_out/],
    [
      'url',
      "SELECT * FROM read_csv('http://example.com/data.csv')",
      /reading files or URLs from SQL is not allowed/i,
    ],
    ['local path', "SELECT * FROM read_csv('/etc/passwd')", /reading files or URLs from SQL is not allowed/i],
    ['statement', 'SET enable_external_access = true', /must be exactly one SELECT/],
  ];
  await importPipeline(
    page,
    pipeline(
      [
        pnode('s', 'ingest.sample', { rows: 10 }),
        ...queries.map(([id, sql]) => pnode(id.replaceAll(' ', '-'), 'transform.sql', { sql })),
      ],
      queries.map(([id]) => pedge('s', id.replaceAll(' ', '-'))),
    ),
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.getByTestId('last-run')).toBeVisible({ timeout: 30_000 });
  for (const [id, , message] of queries) {
    const card = node(page, id.replaceAll(' ', '-'));
    if (message === null) {
      await expect(card, id).toHaveAttribute('data-status', 'done');
    } else {
      await expect(card, id).toHaveAttribute('data-status', 'error');
      await expect(card.getByTestId('node-error'), id).toContainText(message);
    }
  }
  await expect(node(page, 's')).toHaveAttribute('data-status', 'done');
});

test('markup in column names and cells renders as text: no script runs', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    (window as unknown as { pwned: number }).pwned = 0;
    window.alert = () => {
      (window as unknown as { pwned: number }).pwned++;
    };
  });
  await blankCanvas(page);
  const payload = '<img src=x onerror="window.alert(1)">';
  const csv = `"${payload.replaceAll('"', '""')}",b\n"${payload.replaceAll('"', '""')}",<script>window.alert(2)</script>\n`;
  await page
    .getByLabel('Upload data')
    .setInputFiles({ name: '<b>x</b>.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const ingest = nodesOfKind(page, 'ingest.file');
  await expect(ingest).toHaveAttribute('data-status', 'done');
  await ingest.click();
  await expect(page.getByTestId('preview-column').first()).toContainText(payload);
  await expect(page.getByText('<script>window.alert(2)</script>')).toBeVisible();
  await page.getByRole('tab', { name: 'Column profile' }).click();
  await expect(page.getByTestId('column-profile')).toContainText(payload);
  expect(await page.locator('img[src="x"], script:text("alert(2)")').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
});

test('the built page carries a Content-Security-Policy that only allows its own origin', async ({ page }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  // The browser enforces it: a fetch to another origin is refused before any request is made.
  const refused = await page.evaluate(() =>
    fetch('http://127.0.0.2:9/x').then(
      () => 'sent',
      () => 'refused',
    ),
  );
  expect(refused).toBe('refused');
});

test('a corpus of hostile data files: each gives a table or a clear message on its node, and the app keeps working', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await blankCanvas(page);
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('city,temp\nZürich,3.5\nKraków,4\n', 'utf16le'),
  ]);
  const parquet = (await import('node:fs')).readFileSync(new URL('./data/cities.parquet', import.meta.url));
  const files: { name: string; buffer: Buffer; expect: { rows: number } | { error: RegExp } }[] = [
    { name: 'empty.csv', buffer: Buffer.alloc(0), expect: { error: /is empty \(0 bytes\)/ } },
    { name: 'header-only.csv', buffer: Buffer.from('a,b,c\n'), expect: { rows: 0 } },
    { name: 'ragged.csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n'), expect: { rows: 3 } },
    {
      name: 'quoted.csv',
      buffer: Buffer.from('id,text\r\n1,"two\r\nlines"\r\n2,"a ""quote"""\r\n'),
      expect: { rows: 2 },
    },
    { name: 'bom.csv', buffer: Buffer.from('\ufeffa,b\n1,2\n'), expect: { rows: 1 } },
    { name: 'utf16.csv', buffer: utf16, expect: { rows: 2 } },
    {
      name: 'latin1.csv',
      buffer: Buffer.from('city,temp\nS\xe3o Paulo,25\n', 'latin1'),
      expect: { rows: 1 },
    },
    { name: 'semicolon.csv', buffer: Buffer.from('a;b\n1;2\n3;4\n'), expect: { rows: 2 } },
    { name: 'tabs.tsv', buffer: Buffer.from('a\tb\n1\t2\n'), expect: { rows: 1 } },
    { name: 'mixed.csv', buffer: Buffer.from('v\n1\n2\nx\n3.5\n'), expect: { rows: 4 } },
    { name: 'dup-blank.csv', buffer: Buffer.from('a,a,,b\n1,2,3,4\n'), expect: { rows: 1 } },
    {
      name: 'one-line.csv',
      buffer: Buffer.from(`a,b\n1,${'x'.repeat(10 * 1024 * 1024)}\n`),
      expect: { error: /Could not read "one-line.csv"/ },
    },
    {
      name: 'binary.csv',
      buffer: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 10, 13, 0, 5, 7]),
      expect: { error: /as delimited text/ },
    },
    {
      name: 'truncated.parquet',
      buffer: parquet.subarray(0, 300),
      expect: { error: /Not a readable Parquet file/ },
    },
    {
      name: 'scalar.json',
      buffer: Buffer.from('42'),
      expect: { error: /"scalar.json" is a number, not records/ },
    },
  ];
  await page
    .getByLabel('Upload data')
    .setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })),
    );
  // Fifteen new cards do not all fit the view, and the canvas renders only the cards in
  // view: once every node is in the graph, bring them all into view before reading them.
  await expect(page.getByText(`${files.length} nodes · 0 edges`)).toBeVisible();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await expect(nodesOfKind(page, 'ingest.file')).toHaveCount(files.length);
  for (const f of files) {
    const card = nodesOfKind(page, 'ingest.file').filter({ hasText: f.name });
    if ('rows' in f.expect) {
      await expect(card, f.name).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
      await expect(card.getByTestId('row-count'), f.name).toHaveText(String(f.expect.rows));
    } else {
      await expect(card, f.name).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
      await expect(card.getByTestId('node-error'), f.name).toContainText(f.expect.error);
    }
  }
  // The app still works: a new node runs, and the canvas is intact.
  await page.getByRole('button', { name: 'Add Sample data node' }).click();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(nodesOfKind(page, 'ingest.sample')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('node')).toHaveCount(files.length + 1);
});
