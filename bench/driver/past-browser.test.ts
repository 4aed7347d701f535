import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/nodes/registry';
import { sensorPreparation } from '../../src/templates/templates';
import { maxRssFromTimeOutput } from './cli-child';
import { FILE_NODE, preparationOnFile } from './file-template';
import { parseArgs } from './main';

describe('the past-the-browser benchmarks', () => {
  it('run the Sensor data preparation template on a file: only the data source differs', () => {
    const graph = preparationOnFile('sensors.csv');
    const source = graph.nodes.find((n) => n.id === FILE_NODE);
    expect(source).toMatchObject({ kind: 'ingest.file', params: { file: 'sensors.csv', format: 'csv' } });
    expect(getKind('ingest.file')?.paramsSchema.safeParse(source?.params).success).toBe(true);
    const rest = (g: typeof graph) => g.nodes.filter((n) => !n.kind.startsWith('ingest.'));
    expect(rest(graph)).toEqual(rest(sensorPreparation.graph));
    expect(graph.edges).toEqual(
      sensorPreparation.graph.edges.map((e) => (e.source === 'sample' ? { ...e, source: FILE_NODE } : e)),
    );
  });

  it('read the peak RSS from GNU time -v', () => {
    const report =
      '\tCommand being timed: "node"\n\tMaximum resident set size (kbytes): 1234\n\tExit status: 0\n';
    expect(maxRssFromTimeOutput(report)).toBe(1234 * 1024);
    expect(maxRssFromTimeOutput('no report')).toBeNull();
  });

  it('take 100M rows in the full run, 1M with --quick, and --big-rows=N', () => {
    expect(parseArgs([]).bigRows).toBe(100_000_000);
    expect(parseArgs(['--quick']).bigRows).toBe(1_000_000);
    expect(parseArgs(['--big-rows=10000000']).bigRows).toBe(10_000_000);
    expect(() => parseArgs(['--big-rows=ten'])).toThrow(/--big-rows/);
    expect([...parseArgs(['--only=big,parquet,cli-browser']).only]).toEqual([
      'big',
      'parquet',
      'cli-browser',
    ]);
  });
});
