import { describe, expect, it } from 'vitest';
import { parsePipelineFile, serializePipeline } from '../graph/pipeline-file';
import { getKind } from '../nodes/registry';
import { TEMPLATES } from './templates';

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.title, t] as const))('%s is a valid pipeline file', (_title, t) => {
    const parsed = parsePipelineFile(serializePipeline(t.graph), getKind);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });
});
