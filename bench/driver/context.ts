import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { GraphNode, PipelineGraph } from '../../src/shared/graph-types';
import type { RunRecord, StopAt, TimedEvent } from '../shared';
import type { Row } from './results';

/** Sizes of one bench run: the full suite, or `--quick` for development. */
export interface BenchConfig {
  quick: boolean;
  /** Rows of the generated sensors CSV (ingest, transforms). */
  csvRows: number;
  /** Timed repetitions after the warm-up. */
  reps: number;
  /** Rows × features of the training benchmark. */
  trainRows: number;
  trainFeatures: number;
  /** Sample rows of the end-to-end template runs: small, large. */
  e2eRows: [number, number];
  /** Generated graph sizes (nodes) of the canvas benchmark. */
  canvasSizes: number[];
  /** Training rows of the ML-family rows (GBDT, linear, network vs scikit-learn); test rows are ¼. */
  mlRows: number;
  /** Rows of the generated CSV the command-line runner prepares (100M ≈ 5 GB; `--big-rows=N`). */
  bigRows: number;
  /** Rows of the generated Parquet file (45M ≈ 1 GB) exported as partitions by the command-line runner. */
  parquetRows: number;
  /** Benchmarks to run (all when empty): ingest, transform, train, e2e, responsiveness, canvas, graph, ml, big, parquet, cli-browser. */
  only: Set<string>;
}

export interface BenchEnv {
  cfg: BenchConfig;
  browser: Browser;
  benchUrl: string;
  appUrl: string;
  log(message: string): void;
  /** Requests that tried to leave localhost (blocked); must stay empty. */
  blocked: string[];
}

/** A benchmark's table rows plus whatever raw numbers it wants kept in latest.json. */
export interface BenchOutput {
  rows: Row[];
  details: Record<string, unknown>;
}

/** A browser context that cannot reach anything but localhost, as the e2e fixtures enforce. */
export async function offlineContext(env: BenchEnv): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route(
    (url) =>
      !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) &&
      !['blob:', 'data:'].includes(url.protocol),
    (route) => {
      env.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

/** Open the bench page, set `files` on its file input, start the engine and register them. */
export async function openBenchPage(
  env: BenchEnv,
  files: string[] = [],
): Promise<{ page: Page; duckdb: string; startMs: number }> {
  const context = await offlineContext(env);
  const page = await context.newPage();
  page.on('pageerror', (err) => env.log(`  [bench page error] ${err.message}`));
  await page.goto(env.benchUrl);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  if (files.length) await page.setInputFiles('#files', files);
  const info = await page.evaluate(() => window.bench.init());
  if (files.length) await page.evaluate(() => window.bench.addFiles());
  return { page, ...info };
}

export function runOn(
  page: Page,
  graph: PipelineGraph,
  targets?: string[],
  stopAt?: StopAt,
): Promise<RunRecord> {
  return page.evaluate(([g, t, s]) => window.bench.run(g, t ? { targets: t } : {}, s), [
    graph,
    targets,
    stopAt,
  ] as [PipelineGraph, string[] | undefined, StopAt | undefined]);
}

export function node(id: string, kind: string, params: Record<string, unknown>): GraphNode {
  return { id, kind, params, position: { x: 0, y: 0 } };
}

export function edge(source: string, target: string, sourcePort = 'out', targetPort = 'in') {
  return { source, sourcePort, target, targetPort };
}

export function graphOf(nodes: GraphNode[], edges: PipelineGraph['edges'] = []): PipelineGraph {
  return { name: 'bench', nodes, edges };
}

/** The first event of `type` for `nodeId`. */
export function eventOf(
  record: RunRecord,
  type: TimedEvent['type'],
  nodeId?: string,
): TimedEvent | undefined {
  return record.events.find((e) => e.type === type && (nodeId === undefined || e.nodeId === nodeId));
}

/** Throw with the engine's message unless every node in the run finished (done or cached). */
export function assertOk(record: RunRecord, what: string): void {
  const bad = record.events.find((e) => e.type === 'node-failed' || e.type === 'node-blocked');
  if (bad) throw new Error(`${what}: node ${bad.nodeId} ${bad.type}: ${bad.message}`);
  if (record.status !== 'done') throw new Error(`${what}: run ended ${record.status}`);
}

/** Each node's engine-measured duration in a run (node-done only). */
export function nodeDurations(record: RunRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of record.events)
    if (e.type === 'node-done' && e.nodeId) out[e.nodeId] = e.durationMs ?? Number.NaN;
  return out;
}
