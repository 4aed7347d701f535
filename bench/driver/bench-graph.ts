import type { Page } from '@playwright/test';
import type { GraphNode, PipelineGraph } from '../../src/shared/graph-types';
import {
  assertOk,
  type BenchEnv,
  type BenchOutput,
  edge,
  graphOf,
  node,
  nodeDurations,
  runOn,
} from './context';
import { median, type Row, ratioOf } from './results';

/** `length` nodes in a line: an ingest.sample of a few rows, then clean.filter nodes. */
export function chainGraph(length: number, seed: number): PipelineGraph {
  const nodes: GraphNode[] = [node('c0', 'ingest.sample', { rows: 5, seed })];
  for (let i = 1; i < length; i++)
    nodes.push(node(`c${i}`, 'clean.filter', { where: `temperature > ${-i}` }));
  return graphOf(
    nodes,
    nodes.slice(1).map((n, i) => edge(`c${i}`, n.id)),
  );
}

/** The same chain with its last node's filter changed (`flip` alternates two values). */
function withLastEdited(graph: PipelineGraph, flip: number): PipelineGraph {
  const nodes = [...graph.nodes];
  const last = nodes.at(-1) as GraphNode;
  nodes[nodes.length - 1] = { ...last, params: { where: flip % 2 ? 'temperature > 1000' : 'TRUE' } };
  return { ...graph, nodes };
}

/**
 * 8. Graph size: the per-node cost of a long chain against a short one (a key or a
 * scheduling step that grows with depth shows as a ratio above 1), and the re-run after
 * editing the chain's last node, which should recompute that node alone.
 */
export async function benchGraph(env: BenchEnv, open: () => Promise<{ page: Page }>): Promise<BenchOutput> {
  const long = 200;
  const short = 10;
  const { page } = await open();
  let seed = 0;
  // A new seed each time: the ingest node's key changes, so every node of the chain re-runs.
  const perNode = async (length: number) => {
    const ms: number[] = [];
    for (let i = 0; i <= env.cfg.reps; i++) {
      const record = await runOn(page, chainGraph(length, ++seed));
      assertOk(record, `${length}-node chain`);
      const ran = Object.keys(nodeDurations(record)).length;
      if (ran !== length) throw new Error(`${length}-node chain: ${ran} nodes ran`);
      if (i > 0) ms.push(record.wallMs / length);
    }
    env.log(`  ${length}-node chain, ms per node: ${ms.map((x) => x.toFixed(1)).join(', ')}`);
    return median(ms);
  };
  const shortPerNode = await perNode(short);
  const longPerNode = await perNode(long);

  const chain = chainGraph(long, seed);
  const full = await runOn(page, chain);
  assertOk(full, 'full run before the edits');
  const rerunMs: number[] = [];
  let ran: string[] = [];
  let cached = 0;
  for (let i = 1; i <= env.cfg.reps; i++) {
    const record = await runOn(page, withLastEdited(chain, i));
    assertOk(record, 're-run after editing the last node');
    rerunMs.push(record.wallMs);
    ran = Object.keys(nodeDurations(record));
    cached = record.events.filter((e) => e.type === 'node-cached').length;
  }
  env.log(`  re-run after editing c${long - 1}: ${rerunMs.map((x) => x.toFixed(0)).join(', ')} ms`);
  await page.context().close();

  const fullPerRun = longPerNode * long;
  const scaling = ratioOf(longPerNode, shortPerNode);
  const rerun = median(rerunMs);
  const fraction = ratioOf(rerun, fullPerRun);
  const rows: Row[] = [
    {
      bench: '8 Graph size',
      measure: `${long}-node chain (ingest.sample 5 rows → ${long - 1} clean.filter): run time per node`,
      unit: 'ms',
      ours: longPerNode,
      baseline: { name: `${short}-node chain`, value: shortPerNode },
      ratio: scaling,
      target: { text: '≤ 2 (per-node cost flat in depth)', pass: scaling !== null && scaling <= 2 },
      note: `${long} nodes in ${(fullPerRun / 1000).toFixed(2)} s, EngineApi.run → run-finished; each run recomputes every node (new sample seed)`,
    },
    {
      bench: '8 Graph size',
      measure: `${long}-node chain: re-run after editing the last node`,
      unit: 'ms',
      ours: rerun,
      baseline: { name: 'full run', value: fullPerRun },
      ratio: fraction,
      target: {
        text: '< 0.10, only that node re-run',
        pass: fraction !== null && fraction < 0.1 && ran.length === 1 && ran[0] === `c${long - 1}`,
      },
      note: `re-ran ${ran.join(', ') || 'nothing'}; ${cached} nodes cached`,
    },
  ];
  return {
    rows,
    details: { long, short, shortPerNodeMs: shortPerNode, longPerNodeMs: longPerNode, rerunMs, ran, cached },
  };
}
