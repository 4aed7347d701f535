import { tableFromIPC } from 'apache-arrow';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST } from '../src/nodes/model/model-test-util';
import { arrowRows } from './arrow-rows';
import { MANIFEST_FILE, type PipewrightModelFile } from './model-export';
import { createTestEngine, edge, node } from './testing/test-engine';

// Column names that are also Object.prototype's keys: rows keyed by column name used to
// lose `__proto__` (assignment sets the prototype) and read the others through to
// Object.prototype. Each stage's values are checked, not only that the run finished.
const P = '__proto__';
const C = 'constructor';
const H = 'hasOwnProperty';
const T = 'toString';

const N = 40;
const csv = [
  [P, C, H, T].join(','),
  ...Array.from({ length: N }, (_, i) =>
    [
      i === 3 ? '' : String(i),
      String((i * 2) % 7),
      ['a', 'constructor', '__proto__'][i % 3],
      String(i % 2),
    ].join(','),
  ),
].join('\n');

let t: Awaited<ReturnType<typeof createTestEngine>>;
beforeAll(async () => {
  t = await createTestEngine();
  t.duck.addFile('proto.csv', `${csv}\n`);
});
afterAll(() => t.close());

describe('columns named __proto__, constructor, hasOwnProperty, toString', () => {
  it('keep every value through ingest → impute → scale → one-hot → train → evaluate → preview → profile → export', async () => {
    const ingest = node('ingest.file', { file: 'proto.csv' }, 'proto_ingest');
    const impute = node('clean.impute', { strategy: 'median' }, 'proto_impute');
    const scale = node('features.scale', { method: 'minmax', exclude: [T] }, 'proto_scale');
    const onehot = node('features.onehot', { columns: [H] }, 'proto_onehot');
    const train = node('model.train', { ...FAST, epochs: 2, target: T }, 'proto_train');
    const evaluate = node('model.evaluate', {}, 'proto_evaluate');
    const exporter = node('export.model', {}, 'proto_export');
    const graph = {
      name: 'proto',
      nodes: [ingest, impute, scale, onehot, train, evaluate, exporter],
      edges: [
        edge(ingest.id, impute.id),
        edge(impute.id, scale.id),
        edge(scale.id, onehot.id),
        edge(onehot.id, train.id, 'out', 'train'),
        edge(train.id, evaluate.id, 'model', 'model'),
        edge(onehot.id, evaluate.id, 'out', 'data'),
        edge(train.id, exporter.id, 'model', 'model'),
      ],
    };
    const r = await t.run(graph);
    expect(r.message).toEqual({});
    expect(r.status[exporter.id]).toBe('done');

    // Ingest: every column under its own name.
    const ingested = await t.rows(ingest.id, 'out');
    expect(ingested).toHaveLength(N);
    expect(Object.keys(ingested[0] ?? {})).toEqual([P, C, H, T]);
    expect(ingested[5]).toEqual(
      Object.assign(Object.create(null), { [P]: 5, [C]: 3, [H]: '__proto__', [T]: 1 }),
    );

    // Impute: the median of __proto__ without row 3 fills row 3, and is in the report.
    const median = 20; // median of 0..39 without 3: the 19th and 20th of 39 values → 20
    const imputed = await t.rows(impute.id, 'out');
    expect(imputed[3]?.[P]).toBe(median);
    const imputeReport = r.events.find((e) => e.type === 'node-done' && e.nodeId === impute.id);
    const fitted = (imputeReport?.type === 'node-done' ? imputeReport.report?.fitted : undefined) as {
      values: Record<string, unknown>;
    };
    expect(Object.hasOwn(fitted.values, P)).toBe(true);
    expect(fitted.values[P]).toBe(median);
    expect(fitted.values[C]).toBe(3);

    // Scale (min-max): __proto__ 0..39 → i / 39, constructor 0..6 → v / 6; target untouched.
    const scaled = await t.rows(scale.id, 'out');
    expect(scaled[39]?.[P]).toBeCloseTo(1, 12);
    expect(scaled[13]?.[P]).toBeCloseTo(13 / 39, 12);
    expect(scaled[2]?.[C]).toBeCloseTo(4 / 6, 12);
    expect(scaled.map((row) => row[T])).toEqual(Array.from({ length: N }, (_, i) => i % 2));

    // One-hot: a 0/1 column per category of hasOwnProperty, including "__proto__".
    const encoded = await t.rows(onehot.id, 'out');
    const names = Object.keys(encoded[0] ?? {});
    const protoColumn = names.find((n) => n.includes(H) && n.endsWith('__proto__'));
    expect(protoColumn).toBeDefined();
    expect(encoded.map((row) => row[protoColumn as string])).toEqual(
      Array.from({ length: N }, (_, i) => (i % 3 === 2 ? 1 : 0)),
    );

    // Train and evaluate: the features kept their names and the metrics are numbers.
    const metrics = t.engine.cache.get(evaluate.id)?.outputs.metrics;
    expect(metrics?.type).toBe('metrics');
    const values = metrics?.type === 'metrics' ? metrics.values : {};
    expect(values.accuracy).toBeGreaterThanOrEqual(0);
    expect(values.accuracy).toBeLessThanOrEqual(1);
    const predictions = await t.rows(evaluate.id, 'predictions');
    expect(predictions.map((row) => row[T])).toEqual(Array.from({ length: N }, (_, i) => i % 2));

    // Preview: the rows the inspector shows.
    const preview = await t.engine.preview(scale.id, 'out', 10);
    const shown = arrowRows(tableFromIPC(preview.ipc));
    expect(shown[3]?.[P]).toBeCloseTo(median / 39, 12);
    expect(shown[1]?.[H]).toBe('constructor');

    // Profile: one entry per column with its own statistics.
    const profile = await t.engine.profile(ingest.id, 'out');
    expect(profile.map((p) => p.name)).toEqual([P, C, H, T]);
    expect(profile[0]).toMatchObject({ name: P, nulls: 1, min: 0, max: 39 });
    expect(profile[1]).toMatchObject({ name: C, nulls: 0, min: 0, max: 6 });

    // Export: the CSV keeps the header and the values; the model manifest names the features.
    const exported = strFromU8(await t.engine.exportTable(scale.id, 'out', 'csv'));
    const [header, , , , row3] = exported.trim().split('\n');
    expect(header).toBe([P, C, H, T].join(','));
    expect(Number(row3?.split(',')[0])).toBeCloseTo(median / 39, 12);
    const manifest = JSON.parse(
      strFromU8(unzipSync(await t.engine.exportModel(exporter.id))[MANIFEST_FILE] as Uint8Array),
    ) as PipewrightModelFile;
    expect(manifest.features).toEqual(expect.arrayContaining([P, C, protoColumn]));
    expect(manifest.target).toBe(T);
    const imputeStats = JSON.stringify(manifest.preprocessing);
    expect(imputeStats).toContain(`"${P}":${median}`);
  });

  it('a SQL result row keeps a __proto__ column as an own key', async () => {
    const rows = arrowRows(await t.duck.query(`SELECT 1 AS "${P}", 2 AS "${C}", 3 AS "${H}", 4 AS "${T}"`));
    expect(Object.keys(rows[0] ?? {})).toEqual([P, C, H, T]);
    expect(rows[0]?.[P]).toBe(1);
    expect(rows[0]?.[T]).toBe(4);
    // Absent keys read as undefined, not as Object.prototype's members.
    expect(arrowRows(await t.duck.query('SELECT 1 AS a'))[0]?.[C]).toBeUndefined();
  });
});
