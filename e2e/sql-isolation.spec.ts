import type { Page } from '@playwright/test';
import { expect, node, openApp, test } from './fixtures';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

// Issue 10 §1 in the real app: each breakout of the SQL node and of Filter rows is refused
// on its node with a message, and neither this pipeline nor the next one opened gets a
// wrong number afterwards. workers/user-sql.test.ts checks the catalog after each one.

const pipeline = (name: string, nodes: unknown[], edges: unknown[]) => pipelineJson(nodes, edges, { name });

/** avg() must still be the mean: 4 rows when it is, 0 when a macro replaced it. */
const CHECK =
  'SELECT x FROM (VALUES (1), (2), (3), (4)) t(x) WHERE (SELECT avg(x) FROM (VALUES (1), (2), (3), (4)) u(x)) = 2.5';

const SQL_ATTACKS = [
  'SELECT * FROM input); CREATE OR REPLACE MACRO avg(x) AS 0; SELECT * FROM (SELECT 1',
  'CREATE OR REPLACE MACRO avg(x) AS 0',
  'SELECT 1); DROP TABLE pw_victim__out; SELECT * FROM (SELECT 1',
  'SELECT 1 AS x); CREATE OR REPLACE TABLE pw_victim__out AS SELECT 0 AS v; SELECT * FROM (SELECT 1',
  "COPY (SELECT 1) TO '/pipewright/exports/x.csv'",
  "ATTACH ':memory:' AS other",
  "EXPORT DATABASE '/pipewright/exports/db'",
  "PRAGMA table_info('pw_victim__out')",
  'CHECKPOINT',
  "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
  'BEGIN TRANSACTION; USE other',
  "SELECT * FROM read_csv('/pipewright/files/other.csv')",
  "SELECT * FROM read_text('/pipewright/files/other.csv')",
  "SELECT * FROM read_blob('/pipewright/files/other.csv')",
  "SELECT * FROM query('SELECT 42')",
  "SELECT * FROM query_table('pw_victim__out')",
  "SELECT * FROM glob('/pipewright/files/*')",
  'SELECT * FROM pw_victim__out',
  'SELECT * FROM duckdb_tables()',
];
const FILTER_ATTACKS = [
  'TRUE); CREATE OR REPLACE MACRO avg(x) AS 0; SELECT * FROM (SELECT 1 WHERE (TRUE',
  'TRUE); DROP TABLE pw_victim__out; SELECT * FROM (SELECT 1 WHERE (TRUE',
  'temperature > 1) UNION ALL (SELECT * FROM pw_victim__out WHERE (TRUE',
  'sensor_id IN (SELECT sensor_id FROM pw_victim__out)',
];

/** Run, on a page whose last run (if any) was replaced by an import. */
async function runAndWait(page: Page) {
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.getByTestId('last-run')).toBeVisible({ timeout: 60_000 });
}

test('every SQL and filter breakout is refused on its node; other nodes and the next pipeline keep the right numbers', async ({
  page,
}) => {
  await openApp(page);
  const attackers = [
    ...SQL_ATTACKS.map((sql, i) => pnode(`a${i}`, 'transform.sql', { sql })),
    ...FILTER_ATTACKS.map((where, i) => pnode(`f${i}`, 'clean.filter', { where })),
  ];
  await importPipeline(
    page,
    pipeline(
      'Hostile SQL',
      [
        pnode('s', 'ingest.sample', { rows: 50 }),
        pnode('victim', 'transform.sql', { sql: 'SELECT * FROM input' }),
        pnode('after', 'clean.filter', { where: 'sensor_id IS NOT NULL OR sensor_id IS NULL' }),
        pnode('check', 'transform.sql', { sql: CHECK }),
        ...attackers,
      ],
      [
        pedge('s', 'victim'),
        pedge('victim', 'after'),
        pedge('s', 'check'),
        ...attackers.map((a) => pedge('s', a.id)),
      ],
    ),
  );
  await expect(node(page, 'check')).toBeVisible();
  await runAndWait(page);
  for (const a of attackers) {
    await expect(node(page, a.id), a.id).toHaveAttribute('data-status', 'error');
    await expect(node(page, a.id).getByTestId('node-error'), a.id).toContainText(/Param "(sql|where)": /);
  }
  await expect(node(page, 'check').getByTestId('row-count')).toHaveText('4');
  await expect(node(page, 'victim').getByTestId('row-count')).toHaveText('50');
  await expect(node(page, 'after').getByTestId('row-count')).toHaveText('50');

  // A pipeline opened afterwards computes a mean as a mean.
  page.once('dialog', (d) => void d.accept());
  await importPipeline(
    page,
    pipeline(
      'Next',
      [pnode('s2', 'ingest.sample', { rows: 10 }), pnode('check2', 'transform.sql', { sql: CHECK })],
      [pedge('s2', 'check2')],
    ),
  );
  await expect(node(page, 'check2')).toBeVisible();
  await runAndWait(page);
  await expect(node(page, 'check2').getByTestId('row-count')).toHaveText('4');
});

test('a syntax error is shown at its line and column in the user text', async ({ page }) => {
  await openApp(page);
  await importPipeline(
    page,
    pipeline(
      'Typo',
      [
        pnode('s', 'ingest.sample', { rows: 5 }),
        pnode('q', 'transform.sql', { sql: 'SELECT *\nFORM input' }),
      ],
      [pedge('s', 'q')],
    ),
  );
  await expect(node(page, 'q')).toBeVisible();
  await runAndWait(page);
  const error = node(page, 'q').getByTestId('node-error');
  await expect(error).toContainText('syntax error near "input" at line 2, column 6');
  await expect(error).not.toContainText('exception_type');
  // The user's own line, with the word DuckDB stopped at underlined.
  await expect(error.getByTestId('node-error-excerpt')).toHaveText('FORM input');
  await expect(error.getByTestId('node-error-excerpt').locator('u')).toHaveText('input');
  await node(page, 'q').screenshot({ path: test.info().outputPath('syntax-error-card.png') });
});

test('nodes whose ids differ only in case keep their own tables', async ({ page }) => {
  await openApp(page);
  await importPipeline(
    page,
    pipeline(
      'Case',
      [
        pnode('src', 'ingest.sample', { rows: 20 }),
        pnode('S', 'transform.sql', { sql: 'SELECT * FROM input LIMIT 3' }),
        pnode('s', 'transform.sql', { sql: 'SELECT * FROM input LIMIT 7' }),
        pnode('afterS', 'clean.filter', { where: 'TRUE' }),
        pnode('afters', 'clean.filter', { where: 'TRUE' }),
      ],
      [pedge('src', 'S'), pedge('src', 's'), pedge('S', 'afterS'), pedge('s', 'afters')],
    ),
  );
  await expect(node(page, 'afters')).toBeVisible();
  await runAndWait(page);
  // Before, "S" and "s" wrote one DuckDB table (identifiers ignore case): both read 7 or 3.
  await expect(node(page, 'afterS').getByTestId('row-count')).toHaveText('3');
  await expect(node(page, 'afters').getByTestId('row-count')).toHaveText('7');
});
