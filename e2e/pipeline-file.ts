import { expect, type Page } from '@playwright/test';
import { blankCanvas } from './helpers';

/** Pipeline files written by tests, opened as a person does: through Import pipeline. */

/** A node of a pipeline file. */
export const pnode = (
  id: string,
  kind: string,
  params: Record<string, unknown> = {},
  position: { x: number; y: number } = { x: 0, y: 0 },
) => ({ id, kind, params, position });

/** An edge of a pipeline file, from `out` to `in` unless told otherwise. */
export const pedge = (source: string, target: string, sourcePort = 'out', targetPort = 'in') => ({
  source,
  sourcePort,
  target,
  targetPort,
});

/** The text of a pipeline file; `extra` overrides fields (e.g. a wrong `version`). */
export function pipelineJson(
  nodes: unknown[],
  edges: unknown[] = [],
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ format: 'pipewright/pipeline', version: 1, name: 'Test', nodes, edges, ...extra });
}

/** Open a pipeline file's text through the Import pipeline input. */
export async function importPipeline(page: Page, text: string | Buffer, name = 'test.pipeline.json') {
  await page.getByLabel('Import pipeline').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: typeof text === 'string' ? Buffer.from(text) : text,
  });
}

/** A node given by id and kind (params default to none), laid out on a grid by the helper. */
export type GridNode = { id: string; kind: string; params?: Record<string, unknown> };
/** An edge as [source, sourcePort, target, targetPort]. */
export type PortEdge = [string, string, string, string];

/**
 * Open a pipeline file on a blank canvas as a person does (Import pipeline), its nodes on a
 * grid of four columns, then upload the CSV files its File nodes read.
 */
export async function openPipelineWithFiles(
  page: Page,
  nodes: GridNode[],
  edges: PortEdge[],
  files: Record<string, string>,
  rowHeight = 240,
) {
  await blankCanvas(page);
  const text = pipelineJson(
    nodes.map((n, i) =>
      pnode(n.id, n.kind, n.params, { x: (i % 4) * 280, y: Math.floor(i / 4) * rowHeight }),
    ),
    edges.map(([source, sourcePort, target, targetPort]) => pedge(source, target, sourcePort, targetPort)),
  );
  page.once('dialog', (d) => void d.accept());
  await importPipeline(page, text);
  await page
    .getByTestId('node')
    .nth(nodes.length - 1)
    .waitFor();
  for (const [name, csv] of Object.entries(files))
    await page
      .getByLabel('Upload data')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  // An upload runs its File nodes; until that run ends the Run button reads "Cancel run",
  // so a test clicking Run at once could cancel it instead.
  const settled = ['idle', 'stale', 'queued', 'running'].map((s) => `:not([data-status="${s}"])`).join('');
  const readers = nodes.filter(
    (n) => n.kind === 'ingest.file' && Object.hasOwn(files, String(n.params?.file)),
  );
  await expect(page.locator(`[data-testid="node"][data-kind="ingest.file"]${settled}`)).toHaveCount(
    readers.length,
    {
      timeout: 60_000,
    },
  );
}
