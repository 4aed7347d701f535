import { describe, expect, it } from 'vitest';
import { getKind } from '../nodes/registry';
import { parsePipelineFile, pipelineFileName, serializePipeline } from './pipeline-file';

const valid = {
  format: 'pipewright/pipeline',
  version: 1,
  name: 'Demo',
  nodes: [
    { id: 'n1', kind: 'ingest.sample', params: { rows: 10 }, position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'transform.sql', params: {}, position: { x: 240, y: 0 } },
  ],
  edges: [{ source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' }],
};

describe('parsePipelineFile', () => {
  it('parses a valid file and fills defaults', () => {
    const r = parsePipelineFile(JSON.stringify(valid), getKind);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.graph.nodes[0]?.params).toEqual({ dataset: 'sensors', rows: 10, seed: 42 });
    expect(r.graph.nodes[1]?.params).toEqual({ sql: 'SELECT * FROM input' });
  });
  it('round-trips through serialise', () => {
    const r = parsePipelineFile(JSON.stringify(valid), getKind);
    if (!r.ok) throw new Error('invalid');
    const again = parsePipelineFile(serializePipeline(r.graph), getKind);
    expect(again).toEqual(r);
  });
  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{nope', /not JSON/],
    ['wrong format', { ...valid, format: 'x' }, /"format" must be/],
    ['wrong version', { ...valid, version: 9 }, /Unsupported pipeline version 9/],
    [
      'unknown kind',
      { ...valid, nodes: [{ ...valid.nodes[0], kind: 'x.y' }] },
      /node "n1" has unknown kind "x.y"/,
    ],
    [
      'missing node id',
      { ...valid, nodes: [{ kind: 'ingest.sample', params: {}, position: { x: 0, y: 0 } }] },
      /nodes\[0\]: field "id"/,
    ],
    [
      'bad param',
      { ...valid, nodes: [{ ...valid.nodes[0], params: { rows: -5 } }, valid.nodes[1]] },
      /node "n1" \(ingest.sample\): param "rows"/,
    ],
    [
      'unknown port',
      { ...valid, edges: [{ source: 'n1', sourcePort: 'zzz', target: 'n2', targetPort: 'in' }] },
      /no output port "zzz"/,
    ],
    [
      'cycle',
      {
        ...valid,
        edges: [
          { source: 'n2', sourcePort: 'out', target: 'n2', targetPort: 'in2' },
          { source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' },
        ],
      },
      /cycle/,
    ],
  ];
  it.each(bad)('rejects %s with a message', (_name, input, pattern) => {
    const r = parsePipelineFile(typeof input === 'string' ? input : JSON.stringify(input), getKind);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(pattern);
  });
  it('refuses huge files before parsing', () => {
    const r = parsePipelineFile(' '.repeat(6 * 1024 * 1024), getKind);
    expect(r.ok).toBe(false);
  });
  it('makes safe download names', () => {
    expect(pipelineFileName('My: pipe/line')).toBe('My- pipe-line.pipeline.json');
    expect(pipelineFileName('  ')).toBe('pipeline.pipeline.json');
  });
});

describe('retries', () => {
  it('round-trips a node-level retries setting and rejects out-of-range values', () => {
    const file = {
      format: 'pipewright/pipeline',
      version: 1,
      name: 'r',
      nodes: [{ id: 'a', kind: 'ingest.sample', params: {}, position: { x: 0, y: 0 }, retries: 2 }],
      edges: [],
    };
    const parsed = parsePipelineFile(JSON.stringify(file), getKind);
    expect(parsed.ok && parsed.graph.nodes[0]?.retries).toBe(2);
    if (parsed.ok) expect(JSON.parse(serializePipeline(parsed.graph)).nodes[0].retries).toBe(2);
    const bad = parsePipelineFile(
      JSON.stringify({ ...file, nodes: [{ ...file.nodes[0], retries: 99 }] }),
      getKind,
    );
    expect(bad.ok).toBe(false);
  });
});
