import type { Page } from '@playwright/test';
import type { GraphNode } from '../../src/shared/graph-types';
import { DEFAULT_LAYERS, type TrainSpec } from '../../src/shared/models';
import { InProcessModels } from '../../workers/testing/in-process-models';
import { trainingDataSql } from './bench-data';
import { assertOk, type BenchEnv, type BenchOutput, edge, eventOf, graphOf, node, runOn } from './context';
import { NativeDuck } from './native';
import { median, type Row, ratioOf } from './results';

/** Progress points of one training run: fraction of all batches done, at a time in ms. */
interface ProgressPoint {
  fraction: number;
  at: number;
}

/** The first WARMUP of the epoch is left out (kernels compile, caches fill)… */
const WARMUP = 0.1;
/** …and training is cancelled at STOP: three stretches of 10% of the epoch are measured. */
const STOP = 0.4;

/**
 * Samples/s over `segments` equal parts of the fraction range [WARMUP, STOP] of one epoch
 * over `samples` rows: each part is one repetition. Reading progress events (every
 * ~150 ms, each after a sync with the backend) and then cancelling costs 40% of one epoch
 * per backend instead of four epochs.
 */
export function segmentRates(points: readonly ProgressPoint[], samples: number, segments: number): number[] {
  const pts = points.filter((p) => p.fraction > 0).sort((a, b) => a.at - b.at);
  const at = (f: number) => pts.find((p) => p.fraction >= f - 1e-9) ?? pts[pts.length - 1];
  const rates: number[] = [];
  for (let s = 0; s < segments; s++) {
    const a = at(WARMUP + ((STOP - WARMUP) * s) / segments);
    const b = at(WARMUP + ((STOP - WARMUP) * (s + 1)) / segments);
    if (!a || !b || b.at <= a.at) continue;
    rates.push(((b.fraction - a.fraction) * samples) / ((b.at - a.at) / 1000));
  }
  return rates;
}

/** model.train's params for the benchmark: the default network, one epoch over every row. */
const TRAIN_PARAMS = { target: 'y', task: 'binary', epochs: 1, batchSize: 256, validationSplit: 0, seed: 42 };

interface BackendResult {
  requested: string;
  /** The backend TF.js really ran on (the warm-up node's report). */
  backend: string | null;
  note: string | null;
  rates: number[];
}

/** The fastest single backend that really ran as requested. */
function bestOf(results: readonly BackendResult[]): BackendResult | undefined {
  return results
    .filter((r) => r.requested !== 'auto' && r.backend === r.requested && r.rates.length)
    .reduce<BackendResult | undefined>(
      (a, r) => (!a || median(r.rates) > median(a.rates) ? r : a),
      undefined,
    );
}

/** The default network (128-64, Adam, batch 256), one epoch, as the training benches run it in Node. */
export function benchNetworkSpec(backend: TrainSpec['backend']): TrainSpec {
  return {
    task: 'binary',
    classCount: 1,
    layers: DEFAULT_LAYERS,
    optimizer: 'adam',
    learningRate: 0.001,
    epochs: 1,
    batchSize: 256,
    validationSplit: 0,
    earlyStoppingPatience: 0,
    seed: 42,
    backend,
  };
}

/** TF.js in this process on `backend` through the same training runtime the train worker runs. */
async function nodeTraining(
  backend: 'cpu' | 'wasm',
  x: Float32Array,
  y: Float32Array,
  rows: number,
  features: number,
) {
  const runtime = new InProcessModels(backend);
  const spec = benchNetworkSpec(backend);
  const points: ProgressPoint[] = [];
  const id = `bench-${backend}`;
  let stopped = false;
  try {
    await runtime.train(
      id,
      spec,
      { x: x.slice(), y: y.slice(), rows, features },
      {
        onProgress: (p) => {
          points.push({ fraction: p.fraction, at: p.elapsedMs });
          if (p.fraction >= STOP && !stopped) {
            stopped = true;
            void runtime.stop(id);
          }
        },
      },
    );
  } catch (err) {
    if (!stopped) throw err;
  }
  await runtime.dispose(id);
  return { rates: segmentRates(points, rows, 3) };
}

/**
 * 3. Training: a model.train node (default network 128-64-1, batch 256) forced to each
 * backend and on `auto`, against the same training runtime in Node on TF.js's CPU backend.
 */
export async function benchTraining(env: BenchEnv, page: Page): Promise<BenchOutput> {
  const { trainRows: n, trainFeatures: k } = env.cfg;
  const base = [
    node('seed', 'ingest.sample', { rows: 1, seed: 1 }),
    node('features', 'transform.sql', { sql: trainingDataSql(n, k) }),
  ];
  const results: BackendResult[] = [];
  const warmRows = Math.min(n, 4096);
  const warmBase = [
    base[0] as GraphNode,
    node('warm_features', 'transform.sql', { sql: trainingDataSql(warmRows, k) }),
  ];
  /** Train on all rows, cancel at STOP; the rates of its three stretches. */
  const measure = async (backend: string, id: string): Promise<number[]> => {
    const record = await runOn(
      page,
      graphOf(
        [...base, node(id, 'model.train', { ...TRAIN_PARAMS, backend })],
        [edge('seed', 'features'), edge('features', id, 'out', 'train')],
      ),
      undefined,
      { nodeId: id, fraction: STOP },
    );
    if (record.status !== 'cancelled' && record.status !== 'done')
      throw new Error(
        `train ${backend}: run ended ${record.status}: ${eventOf(record, 'node-failed')?.message}`,
      );
    const points = record.events
      .filter((e) => e.type === 'node-progress' && e.nodeId === id && e.fraction !== undefined)
      .map((e) => ({ fraction: e.fraction as number, at: e.at }));
    return segmentRates(points, n, 3);
  };
  for (const requested of ['cpu', 'wasm', 'webgl', 'webgpu', 'auto']) {
    // A short complete run first: warms the backend up and says which backend really runs.
    const warmId = `warm_${requested}`;
    const warm = await runOn(
      page,
      graphOf(
        [...warmBase, node(warmId, 'model.train', { ...TRAIN_PARAMS, backend: requested })],
        [edge('seed', 'warm_features'), edge('warm_features', warmId, 'out', 'train')],
      ),
    );
    assertOk(warm, `train warm-up ${requested}`);
    const report = (eventOf(warm, 'node-done', warmId)?.report ?? {}) as {
      backend?: string;
      backendNote?: string | null;
    };
    const r: BackendResult = {
      requested,
      backend: report.backend ?? null,
      note: report.backendNote ?? null,
      rates: [],
    };
    results.push(r);
    if (requested !== 'auto' && r.backend !== requested) {
      env.log(`  train ${requested}: not available (${r.note ?? `ran on ${r.backend}`})`);
      continue;
    }
    r.rates = await measure(requested, `train_${requested}`);
    env.log(
      `  train ${requested} → ${r.backend}: ${r.rates.map((x) => x.toFixed(0)).join(', ')} samples/s${r.note ? ` (${r.note})` : ''}`,
    );
  }
  // Order matters on a warming machine: the best single backend is measured once more,
  // after auto, and keeps its better median, so auto is compared against its best showing.
  const first = bestOf(results);
  if (first) {
    const again = await measure(first.requested, `train_${first.requested}_again`);
    env.log(`  train ${first.requested} again: ${again.map((x) => x.toFixed(0)).join(', ')} samples/s`);
    if (median(again) > median(first.rates)) first.rates = again;
  }

  // The same rows natively generated, for TF.js in Node.
  const duck = await NativeDuck.create();
  let x: Float32Array;
  let y: Float32Array;
  try {
    const reader = await duck.run(trainingDataSql(n, k));
    const cols = reader.getColumnsJS() as number[][];
    x = new Float32Array(n * k);
    y = new Float32Array(n);
    for (let j = 0; j < k; j++) {
      const c = cols[j] ?? [];
      for (let i = 0; i < n; i++) x[i * k + j] = c[i] ?? 0;
    }
    y.set(cols[k] ?? []);
  } finally {
    duck.close();
  }
  const nodeCpu = await nodeTraining('cpu', x, y, n, k);
  env.log(`  train Node cpu: ${nodeCpu.rates.map((v) => v.toFixed(0)).join(', ')} samples/s`);
  const nodeWasm = await nodeTraining('wasm', x, y, n, k);
  env.log(`  train Node wasm: ${nodeWasm.rates.map((v) => v.toFixed(0)).join(', ')} samples/s`);
  const baseline = median(nodeCpu.rates);

  const label = `${(n / 1000).toFixed(0)}k rows × ${k}, 128-64-1, batch 256`;
  const rows: Row[] = [];
  const best = bestOf(results);
  for (const r of results) {
    const available = r.requested === 'auto' || r.backend === r.requested;
    const ours = available && r.rates.length ? median(r.rates) : null;
    const row: Row = {
      bench: '3 Training',
      measure: `${label}: model.train backend=${r.requested}${r.requested === 'auto' ? ` (ran on ${r.backend})` : ''}`,
      unit: 'samples/s',
      ours,
      baseline: { name: 'TF.js Node cpu', value: baseline },
      ratio: ratioOf(ours, baseline),
    };
    // Issue 12's target for the default network in the app, on the WASM backend at 1 thread.
    if (r.requested === 'wasm' && ours !== null)
      row.target = { text: '≥ 80k samples/s', pass: ours >= 80_000 };
    if (!available) row.note = `not available: ${r.note ?? `ran on ${r.backend}`}`;
    else if (r.note) row.note = r.note;
    if (r.requested === 'auto') {
      const bestRate = best ? median(best.rates) : null;
      const vsBest = ratioOf(ours, bestRate);
      const sameBackend = !!best && r.backend === best.backend;
      // Two runs on the same backend differ only by noise; auto must pick the best one.
      // A software WebGL (SwiftShader) must never be auto's pick, whatever it measured.
      const softwareWebgl =
        r.backend === 'webgl' && /swiftshader|software/i.test(results.map((x) => x.note).join(' '));
      const pass = vsBest !== null && (vsBest >= 1 || sameBackend) && !softwareWebgl;
      rows.push(row, {
        bench: '3 Training',
        measure: `auto vs best single backend (${best?.requested ?? 'none'}, better of 2 measurements)`,
        unit: 'samples/s',
        ours,
        baseline: { name: best?.requested ?? 'best', value: bestRate },
        ratio: vsBest,
        target: { text: '≥ 1 (or same backend)', pass },
        note: `auto ran on ${r.backend}${sameBackend ? ', the best backend (same code: any difference is run-to-run noise)' : ''}`,
      });
    } else rows.push(row);
  }
  rows.push({
    bench: '3 Training',
    measure: `${label}: TF.js in Node, wasm backend (info)`,
    unit: 'samples/s',
    ours: median(nodeWasm.rates),
    baseline: { name: 'TF.js Node cpu', value: baseline },
    ratio: ratioOf(median(nodeWasm.rates), baseline),
    note: '@tensorflow/tfjs-node does not install here (it downloads libtensorflow): no native TF baseline. Each rate: 3 consecutive 10% stretches of one epoch over all rows, after a 10% warm-up (then cancelled)',
  });
  return { rows, details: { browser: results, nodeCpu, nodeWasm } };
}
