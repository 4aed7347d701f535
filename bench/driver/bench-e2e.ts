import type { Page } from '@playwright/test';
import { downstreamClosure, topoOrder } from '../../src/graph/topo-order';
import type { ParamSpec } from '../../src/nodes/params';
import { getKind } from '../../src/nodes/registry';
import type { PipelineGraph } from '../../src/shared/graph-types';
import { TEMPLATES } from '../../src/templates/templates';
import type { RunRecord } from '../shared';
import { MemoryProbe, rendererPeakRss, resetRendererPeak } from './cdp';
import { assertOk, type BenchEnv, type BenchOutput, graphOf, nodeDurations, runOn } from './context';
import type { NativeEngine } from './native-engine';
import { median, type Row, ratioOf } from './results';

/** The template the end-to-end runs use, resized, with what was changed. */
export interface E2eTemplate {
  id: string;
  title: string;
  graph: PipelineGraph;
  notes: string[];
}

/**
 * The "Predictive maintenance" template (or "Sensor data preparation" when it or one of its
 * kinds is missing) with `rows` sample rows. Training runs 1 epoch instead of the
 * template's: at 1M rows its 8 epochs would take minutes per run.
 */
export function e2eTemplate(rows: number, prefer = 'predictive-maintenance'): E2eTemplate {
  const wanted = TEMPLATES.find((t) => t.id === prefer);
  const usable = wanted?.graph.nodes.every((n) => getKind(n.kind));
  const template = usable ? wanted : TEMPLATES.find((t) => t.id === 'sensor-preparation');
  if (!template) throw new Error('No end-to-end template found');
  const notes: string[] = [];
  if (template.id !== prefer)
    notes.push(`"${wanted?.title ?? prefer}" template not available: used "${template.title}"`);
  const graph = structuredClone(template.graph);
  for (const n of graph.nodes) {
    if (n.kind === 'ingest.sample') n.params = { ...n.params, rows };
    if (n.kind === 'model.train' && n.params.epochs !== 1) {
      notes.push(`model.train epochs ${String(n.params.epochs ?? 'default')} → 1`);
      n.params = { ...n.params, epochs: 1 };
    }
  }
  return { id: template.id, title: template.title, graph, notes };
}

/** Params to flip for the incremental run, by kind (most kinds: their first select or toggle). */
const PREFERRED_PARAM: Record<string, string> = {
  'model.train': 'seed',
  'model.evaluate': 'threshold',
  'features.scale': 'method',
  'split.train_test': 'seed',
};

/**
 * Another valid value of a number param: one more (a seed), else a tenth more or less,
 * else one less — whichever the param's schema accepts first (0.5 → 0.6 for a threshold
 * in [0, 1]). Rounded to 9 decimals, so 0.2 + 0.1 is 0.3, not 0.30000000000000004.
 */
function otherNumber(schema: ParamSpec['schema'], current: number): number | undefined {
  return [current + 1, current + 0.1, current - 0.1, current - 1]
    .map((v) => Number(v.toFixed(9)))
    .find((v) => v !== current && schema.safeParse(v).success);
}

/**
 * The last node (in run order) with a param that can change, and two graphs: with the
 * param changed and with it back (alternating them re-runs that node every time).
 */
export function lastParamChange(graph: PipelineGraph): {
  nodeId: string;
  param: string;
  values: [unknown, unknown];
  skipped: string[];
  with(value: unknown): PipelineGraph;
} {
  const { order } = topoOrder(
    graph.nodes.map((n) => n.id),
    graph.edges,
  );
  const skipped: string[] = [];
  for (const id of [...order].reverse()) {
    const n = graph.nodes.find((x) => x.id === id);
    const kind = n && getKind(n.kind);
    if (!n || !kind) continue;
    const params = kind.paramsSchema.parse(n.params) as Record<string, unknown>;
    const specs = Object.entries(kind.params);
    const pick =
      specs.find(([name]) => name === PREFERRED_PARAM[n.kind]) ??
      specs.find(([, s]) => s.control === 'toggle') ??
      specs.find(
        ([name, s]) =>
          s.control === 'select' &&
          (s.options?.length ?? 0) > 1 &&
          !['task', 'backend', 'format'].includes(name),
      );
    if (!pick) {
      skipped.push(`${id} (${n.kind})`);
      continue;
    }
    const [name, spec] = pick;
    const current = params[name];
    const other =
      spec.control === 'toggle'
        ? !current
        : spec.control === 'select'
          ? spec.options?.find((o) => o !== current)
          : otherNumber(spec.schema, Number(current));
    if (other === undefined) {
      skipped.push(`${id} (${n.kind})`);
      continue;
    }
    return {
      nodeId: id,
      param: name,
      values: [other, current],
      skipped,
      with: (value) => ({
        ...graph,
        nodes: graph.nodes.map((x) => (x.id === id ? { ...x, params: { ...x.params, [name]: value } } : x)),
      }),
    };
  }
  throw new Error('No node with a changeable param');
}

/** Nodes that do not depend on a model node: the data preparation part of a template. */
function prepNodes(graph: PipelineGraph): string[] {
  const models = graph.nodes.filter((n) => n.kind.startsWith('model.')).map((n) => n.id);
  const after = downstreamClosure(models, graph.edges);
  return graph.nodes.filter((n) => !after.has(n.id)).map((n) => n.id);
}

/** A node that has a table `out` port, late in run order, to attach the memory probe to. */
function tableNode(graph: PipelineGraph): string {
  const { order } = topoOrder(
    graph.nodes.map((n) => n.id),
    graph.edges,
  );
  for (const id of [...order].reverse()) {
    const kind = getKind(graph.nodes.find((n) => n.id === id)?.kind ?? '');
    if (kind?.outputs.out?.type === 'table') return id;
  }
  throw new Error('No node with a table output');
}

const EMPTY = graphOf([]);

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

interface Runs {
  wallMs: number[];
  perNode: Record<string, number[]>;
}

/** Full runs of `graph` (each after evicting everything), reps `from`..reps; rep 0 is a warm-up. */
async function fullRuns(
  run: (graph: PipelineGraph, targets?: string[]) => Promise<RunRecord>,
  graph: PipelineGraph,
  from: number,
  reps: number,
  label: string,
  log: (message: string) => void,
  targets?: string[],
): Promise<Runs> {
  const out: Runs = { wallMs: [], perNode: {} };
  for (let i = from; i <= reps; i++) {
    await run(EMPTY);
    const record = await run(graph, targets);
    assertOk(record, label);
    log(`  ${label} rep ${i}${i ? '' : ' (warm-up)'}: ${record.wallMs.toFixed(0)} ms`);
    if (i === 0) continue;
    out.wallMs.push(record.wallMs);
    for (const [id, ms] of Object.entries(nodeDurations(record))) {
      out.perNode[id] ??= [];
      out.perNode[id].push(ms);
    }
  }
  return out;
}

interface Incremental {
  nodeId: string;
  param: string;
  skipped: string[];
  wallMs: number[];
  ranNodes: string[];
  cachedNodes: number;
}

/** 5. Re-runs after changing only the last node's param (alternating, so each is a change). */
async function incrementalRuns(
  page: Page,
  graph: PipelineGraph,
  reps: number,
  label: string,
  log: (message: string) => void,
): Promise<Incremental> {
  const change = lastParamChange(graph);
  const out: Incremental = {
    nodeId: change.nodeId,
    param: change.param,
    skipped: change.skipped,
    wallMs: [],
    ranNodes: [],
    cachedNodes: 0,
  };
  for (let i = 1; i <= reps; i++) {
    const record = await runOn(page, change.with(change.values[(i + 1) % 2]));
    assertOk(record, label);
    out.wallMs.push(record.wallMs);
    out.ranNodes = Object.keys(nodeDurations(record));
    out.cachedNodes = record.events.filter((e) => e.type === 'node-cached').length;
  }
  log(`  ${label} (${change.nodeId}.${change.param}): ${out.wallMs.map((x) => x.toFixed(0)).join(', ')} ms`);
  return out;
}

interface SizeResult {
  rows: number;
  ours: Runs;
  native: Runs;
  /** The native runs ran the whole graph (else only the nodes before the model). */
  nativeFull: boolean;
  heap: { peakTotal: number; peakPerTarget: Record<string, number> };
  wasm: Record<string, number>;
  duckdbBytes: number;
  rssPeak: number;
  incremental?: Incremental;
}

const sizeLabel = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/**
 * 4 and 5. End to end and incremental: the template at a small and a large size in a fresh
 * bench page (so memory figures belong to these runs), against the same graph in the
 * native engine (the whole graph at the small size; at the large one only the nodes before
 * the model, as training 800k rows in Node would add minutes). Then the "Sensor data
 * preparation" template at the large size for an incremental run that ends in a data node.
 */
export async function benchEndToEnd(
  env: BenchEnv,
  native: NativeEngine,
  openPage: () => Promise<{ page: Page }>,
): Promise<BenchOutput> {
  const { reps } = env.cfg;
  const { page } = await openPage();
  const probe = await MemoryProbe.create(env.browser, page);
  resetRendererPeak();
  const idle = {
    heap: (await probe.heap()).total,
    wasm: sum(Object.values(await probe.wasmMemory())),
    rss: rendererPeakRss(),
  };
  const ours = (g: PipelineGraph, targets?: string[]) => runOn(page, g, targets);
  const nativeRun = (g: PipelineGraph, targets?: string[]) => native.run(g, targets ? { targets } : {});
  const results: SizeResult[] = [];
  const [small, large] = env.cfg.e2eRows;
  const meta = e2eTemplate(small);
  const trainId = meta.graph.nodes.find((n) => n.kind === 'model.train')?.id;
  for (const rows of [small, large]) {
    const { graph } = e2eTemplate(rows);
    const label = `e2e ${sizeLabel(rows)}`;
    resetRendererPeak();
    const stopHeap = probe.sampleHeap(250);
    // The small size's first run is the warm-up for both sizes.
    const from = rows === small ? 0 : 1;
    const oursRuns = await fullRuns(ours, graph, from, reps, label, env.log);
    const heap = await stopHeap();
    const r: SizeResult = {
      rows,
      ours: oursRuns,
      native: { wallMs: [], perNode: {} },
      nativeFull: rows === small,
      heap,
      rssPeak: rendererPeakRss(),
      wasm: await probe.wasmMemory(),
      duckdbBytes: (
        await page.evaluate(([g, a]) => window.bench.duckMemory(g, a), [graph, tableNode(graph)] as const)
      ).bytes,
    };
    // Retraining 800k rows three times costs minutes and says nothing new: when the last
    // node with params is the training node, the large size skips it.
    if (rows === small || env.cfg.quick || lastParamChange(graph).nodeId !== trainId)
      r.incremental = await incrementalRuns(page, graph, reps, `incremental ${sizeLabel(rows)}`, env.log);
    r.native = await fullRuns(
      nativeRun,
      graph,
      from,
      reps,
      `native ${label}${r.nativeFull ? '' : ' (prep nodes)'}`,
      env.log,
      r.nativeFull ? undefined : prepNodes(graph),
    );
    results.push(r);
  }

  // The data-preparation template, whose last node is a data node, at the large size.
  const prepTemplate = e2eTemplate(large, 'sensor-preparation');
  await fullRuns(
    ours,
    e2eTemplate(small, 'sensor-preparation').graph,
    0,
    0,
    'prep template warm-up',
    env.log,
  );
  const prepRuns = await fullRuns(
    ours,
    prepTemplate.graph,
    1,
    reps,
    `prep template ${sizeLabel(large)}`,
    env.log,
  );
  const prepIncremental = await incrementalRuns(
    page,
    prepTemplate.graph,
    reps,
    `prep template incremental ${sizeLabel(large)}`,
    env.log,
  );
  await probe.close();
  await page.context().close();

  const rowsOut: Row[] = [];
  const bench = '4 End to end';
  const smallTotal = median(results[0]?.ours.wallMs ?? []);
  for (const r of results) {
    const size = `${meta.title} @${sizeLabel(r.rows)}`;
    const total = median(r.ours.wallMs);
    const prep = prepNodes(meta.graph);
    const prepSum = (runs: Runs) => sum(prep.map((id) => median(runs.perNode[id] ?? [])));
    const oursPrep = prepSum(r.ours);
    const nativePrep = prepSum(r.native);
    const nativeTotal = median(r.native.wallMs);
    rowsOut.push({
      bench,
      measure: `${size}: total run (EngineApi.run → resolved)`,
      unit: 'ms',
      ours: total,
      baseline: r.nativeFull
        ? { name: 'native engine', value: nativeTotal }
        : { name: `ours @${sizeLabel(small)}`, value: smallTotal },
      ratio: ratioOf(total, r.nativeFull ? nativeTotal : smallTotal),
      note: `${meta.notes.join('; ') || 'template as shipped'}; data prep ${oursPrep.toFixed(0)} ms${trainId ? `, ${trainId} ${median(r.ours.perNode[trainId] ?? []).toFixed(0)} ms` : ''}${r.nativeFull ? `; native engine = same executor and kinds over native DuckDB (${native.threadsNote}), TF.js wasm in Node` : `; baseline: the ${sizeLabel(small)} run (×${(r.rows / small).toFixed(0)} rows)`}`,
    });
    rowsOut.push({
      bench,
      measure: `${size}: data preparation (${prep.length} nodes before the model)`,
      unit: 'ms',
      ours: oursPrep,
      baseline: { name: 'native engine', value: nativePrep },
      ratio: ratioOf(oursPrep, nativePrep),
    });
    for (const n of meta.graph.nodes) {
      const o = r.ours.perNode[n.id];
      if (!o) continue;
      const b = r.native.perNode[n.id];
      rowsOut.push({
        bench,
        measure: `${size}: node ${n.id} (${n.kind})`,
        unit: 'ms',
        ours: median(o),
        baseline: { name: 'native', value: b ? median(b) : null },
        ratio: b ? ratioOf(median(o), median(b)) : null,
        ...(b ? {} : { note: 'not run natively at this size' }),
      });
    }
    const wasm = sum(Object.values(r.wasm));
    rowsOut.push(
      {
        bench,
        measure: `${size}: peak JS heap, all threads (sampled every 250 ms)`,
        unit: 'bytes',
        ours: r.heap.peakTotal,
        baseline: { name: 'engine idle', value: idle.heap },
        ratio: ratioOf(r.heap.peakTotal, idle.heap),
        note: Object.entries(r.heap.peakPerTarget)
          .map(([name, b]) => `${name} ${mib(b)}`)
          .join(', '),
      },
      {
        bench,
        measure: `${size}: wasm memory, DuckDB + TF.js (grows only: the peak)`,
        unit: 'bytes',
        ours: wasm,
        baseline: { name: 'engine idle', value: idle.wasm },
        ratio: ratioOf(wasm, idle.wasm),
        note: `${Object.entries(r.wasm)
          .map(([name, b]) => `${name} ${mib(b)}`)
          .join(', ')}; DuckDB's own count after the run (duckdb_memory()): ${mib(r.duckdbBytes)}`,
      },
      {
        bench,
        measure: `${size}: renderer process peak RSS (page + workers)`,
        unit: 'bytes',
        ours: r.rssPeak,
        baseline: { name: 'engine idle', value: idle.rss },
        ratio: ratioOf(r.rssPeak, idle.rss),
      },
    );
  }

  const incrementalRow = (title: string, rows: number, full: number, inc: Incremental): Row => {
    const fraction = ratioOf(median(inc.wallMs), full);
    const skipped = inc.skipped.length ? `${inc.skipped.join(', ')}: no params; ` : '';
    return {
      bench: '5 Incremental',
      measure: `${title} @${sizeLabel(rows)}: re-run after changing ${inc.nodeId}.${inc.param}`,
      unit: 'ms',
      ours: median(inc.wallMs),
      baseline: { name: 'full run', value: full },
      ratio: fraction,
      target: { text: '< 0.10', pass: fraction !== null && fraction < 0.1 },
      note: `${skipped}re-ran ${inc.ranNodes.join(', ')}; ${inc.cachedNodes} nodes cached`,
    };
  };
  for (const r of results)
    if (r.incremental) rowsOut.push(incrementalRow(meta.title, r.rows, median(r.ours.wallMs), r.incremental));
  rowsOut.push(incrementalRow(prepTemplate.title, large, median(prepRuns.wallMs), prepIncremental));
  return {
    rows: rowsOut,
    details: {
      template: meta.id,
      notes: meta.notes,
      idle,
      sizes: results,
      prepTemplate: { id: prepTemplate.id, full: prepRuns, incremental: prepIncremental },
    },
  };
}
