import type { Page } from '@playwright/test';

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
