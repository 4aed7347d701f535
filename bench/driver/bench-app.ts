import type { Page } from '@playwright/test';
import { serializePipeline } from '../../src/graph/pipeline-file';
import type { GraphEdge, GraphNode, PipelineGraph } from '../../src/shared/graph-types';
import { DEFAULT_TEMPLATE } from '../../src/templates/templates';
import { e2eTemplate } from './bench-e2e';
import { type BenchEnv, type BenchOutput, offlineContext } from './context';
import { median, type Row, ratioOf } from './results';

/**
 * 6 and 7 in the real app (the production build served by `vite preview`): main-thread
 * long tasks during a run, and rendering and panning a large graph.
 */

interface Probe {
  importAt: number;
  longTasks: { start: number; duration: number }[];
  frames: number[];
  recording: boolean;
  waitForGraph(nodes: { id: string; x: number; y: number }[]): Promise<GraphOnScreen>;
  startFrames(): void;
  stopFrames(): number[];
}

/** When an imported graph was on screen: ms after the import, and cards in the DOM then. */
interface GraphOnScreen {
  ms: number;
  cards: number;
}

declare global {
  interface Window {
    __bench: Probe;
  }
}

/** Installed before the app's scripts: long tasks, import timing, frame recording. */
function installProbe(): void {
  const probe: Probe = {
    importAt: 0,
    longTasks: [],
    frames: [],
    recording: false,
    waitForGraph(nodes) {
      // On screen and usable, as the canvas renders only the cards in view: the store holds
      // all the nodes (the status bar says so), the view has been framed (the graph's first
      // node, top left, is in view), and every node whose box overlaps the pane has its card
      // in the DOM with a size. The time is taken one frame later, once those are painted.
      const CARD = { width: 236, height: 60 }; // no card is smaller
      const ready = () => {
        const status = document.querySelector('[data-testid="engine-status"]')?.parentElement;
        const counted = [...(status?.children ?? [])].some((e) =>
          e.textContent?.startsWith(`${nodes.length} nodes ·`),
        );
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        const viewport = document.querySelector('.react-flow__viewport');
        if (!counted || !pane || !viewport) return false;
        const m = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
        const inView = (p: { x: number; y: number }) => {
          const x = m.e + p.x * m.a;
          const y = m.f + p.y * m.a;
          return x < pane.width && y < pane.height && x + CARD.width * m.a > 0 && y + CARD.height * m.a > 0;
        };
        if (!nodes[0]) return true;
        if (!inView(nodes[0])) return false;
        const shown = new Set<string>();
        for (const el of document.querySelectorAll<HTMLElement>('[data-testid="node"]'))
          if (el.offsetWidth && el.offsetHeight) shown.add(el.dataset.nodeId ?? '');
        return nodes.every((n) => !inView(n) || shown.has(n.id));
      };
      return new Promise((resolve) => {
        const tick = () => {
          if (probe.importAt && ready())
            requestAnimationFrame(() =>
              resolve({
                ms: performance.now() - probe.importAt,
                cards: document.querySelectorAll('[data-testid="node"]').length,
              }),
            );
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
    startFrames() {
      probe.frames = [];
      probe.recording = true;
      let last = performance.now();
      const tick = (now: number) => {
        if (!probe.recording) return;
        probe.frames.push(now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      probe.recording = false;
      return probe.frames;
    },
  };
  window.__bench = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'change',
    (e) => {
      if ((e.target as Element | null)?.getAttribute?.('aria-label') === 'Import pipeline')
        probe.importAt = performance.now();
    },
    true,
  );
}

async function openApp(env: BenchEnv): Promise<Page> {
  const context = await offlineContext(env);
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (err) => env.log(`  [app error] ${err.message}`));
  await page.goto(env.appUrl);
  await page.waitForSelector('[data-testid="engine-status"][data-engine="ready"]', { timeout: 60_000 });
  return page;
}

/**
 * Open `graph` through the toolbar's Import pipeline input; when it is on screen and usable
 * (see waitForGraph), and how many node cards the DOM then holds.
 */
async function importGraph(page: Page, graph: PipelineGraph): Promise<GraphOnScreen> {
  await page.evaluate(() => {
    window.__bench.importAt = 0;
  });
  await page.getByLabel('Import pipeline').setInputFiles({
    name: 'bench.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(serializePipeline(graph)),
  });
  const nodes = graph.nodes.map((n) => ({ id: n.id, ...n.position }));
  return page.evaluate((list) => window.__bench.waitForGraph(list), nodes);
}

/**
 * 6. Responsiveness: the template at the large size, run from the Run button; the longest
 * main-thread task (PerformanceObserver 'longtask', which reports tasks ≥ 50 ms) from the
 * click to the run's end, against the same at the small size.
 */
export async function benchResponsiveness(env: BenchEnv): Promise<BenchOutput> {
  const page = await openApp(env);
  const [small, large] = env.cfg.e2eRows;
  const measure = async (rows: number, seed: number) => {
    const t = e2eTemplate(rows);
    for (const n of t.graph.nodes) if (n.kind === 'ingest.sample') n.params = { ...n.params, seed };
    await importGraph(page, t.graph);
    const t0 = await page.evaluate(() => {
      window.__bench.startFrames();
      return performance.now();
    });
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    const last = page.locator('[data-testid="last-run"]');
    await last.waitFor({ timeout: 600_000 });
    const status = await last.getAttribute('data-run-status');
    return page.evaluate(
      ([start, s]) => {
        const frames = window.__bench.stopFrames();
        const tasks = window.__bench.longTasks.filter((t) => t.start >= start);
        return {
          status: s,
          runMs: performance.now() - start,
          longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
          longTasks: tasks.length,
          maxFrame: frames.reduce((m, f) => Math.max(m, f), 0),
        };
      },
      [t0, status] as const,
    );
  };
  const runs: Record<number, Awaited<ReturnType<typeof measure>>[]> = { [small]: [], [large]: [] };
  let seed = 100;
  for (const rows of [small, large]) {
    // Each run changes the sample seed, so the whole pipeline runs again.
    for (let i = rows === small ? 0 : 1; i <= env.cfg.reps; i++) {
      const r = await measure(rows, seed++);
      if (r.status !== 'done') throw new Error(`app run at ${rows} rows ended ${r.status}`);
      env.log(
        `  responsiveness ${rows} rep ${i}${i ? '' : ' (warm-up)'}: longest task ${r.longest.toFixed(0)} ms, ${r.longTasks} long tasks, max frame ${r.maxFrame.toFixed(0)} ms, run ${r.runMs.toFixed(0)} ms`,
      );
      if (i > 0) runs[rows]?.push(r);
    }
  }
  await page.context().close();
  const longest = (rows: number) => median((runs[rows] ?? []).map((r) => r.longest));
  const o = longest(large);
  const b = longest(small);
  const l = runs[large] ?? [];
  const k = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  const s = runs[small] ?? [];
  const worst = Math.max(...l.map((r) => r.longest));
  const none = (list: typeof l) => list.every((r) => r.longTasks === 0);
  const frame = (list: typeof l) => median(list.map((r) => r.maxFrame));
  const rows: Row[] = [
    {
      bench: '6 Responsiveness',
      measure: `${e2eTemplate(large).title} @${k(large)} run from the app: longest main-thread task (median of runs)`,
      unit: 'ms',
      ours: o,
      baseline: { name: `same @${k(small)}`, value: b },
      ratio: ratioOf(o, b),
      // The worst run decides: one frozen moment is one too many.
      target: { text: 'every run < 100 ms', pass: worst < 100 },
      note: `${none(l) ? 'no long task (the observer reports tasks ≥ 50 ms) in any run' : `long tasks (≥ 50 ms) per run: ${l.map((r) => r.longTasks).join(', ')}, longest of all ${worst.toFixed(0)} ms`}${none(s) ? `; none @${k(small)} either` : ''}; run ${median(l.map((r) => r.runMs)).toFixed(0)} ms`,
    },
    {
      bench: '6 Responsiveness',
      measure: `same: longest gap between frames (requestAnimationFrame)`,
      unit: 'ms',
      ours: frame(l),
      baseline: { name: `same @${k(small)}`, value: frame(s) },
      ratio: ratioOf(frame(l), frame(s)),
      note: 'a gap without a long task means the page thread itself was not busy; its 2 cores are shared with the engine, DuckDB and training workers',
    },
  ];
  return { rows, details: runs };
}

/** A `count`-node graph: chains of 10 (sample → 9 SQL steps) in a grid. */
export function generatedGraph(count: number): PipelineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const perChain = 10;
  for (let i = 0; i < count; i++) {
    const chain = Math.floor(i / perChain);
    const step = i % perChain;
    const id = `g${i}`;
    nodes.push(
      step === 0
        ? {
            id,
            kind: 'ingest.sample',
            params: { rows: 1000, seed: chain },
            position: { x: 0, y: chain * 180 },
          }
        : {
            id,
            kind: 'transform.sql',
            params: { sql: `SELECT * FROM input -- step ${step}` },
            position: { x: step * 300, y: chain * 180 },
          },
    );
    if (step > 0) edges.push({ source: `g${i - 1}`, sourcePort: 'out', target: id, targetPort: 'in' });
  }
  return { name: `Generated ${count} nodes`, nodes, edges };
}

/**
 * 7. Canvas: import generated graphs of each size in `canvasSizes` in the app; time until
 * the graph is on screen and usable (waitForGraph: the store holds every node, the view is
 * framed, the cards in view are in the DOM and painted; the canvas renders only those), then
 * pan (drag on the empty pane, which brings new cards into view) while recording frame gaps.
 * Baseline: the default template (4 nodes), measured the same way.
 */
export async function benchCanvas(env: BenchEnv): Promise<BenchOutput> {
  const page = await openApp(env);
  const sizes = env.cfg.canvasSizes;
  const small = structuredClone(DEFAULT_TEMPLATE.graph);
  const empty: PipelineGraph = { name: 'Empty', nodes: [], edges: [] };
  const graphs: [string, PipelineGraph][] = [
    ['small', small],
    ...sizes.map((n): [string, PipelineGraph] => [String(n), generatedGraph(n)]),
  ];

  const pan = async () => {
    const start = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane');
      if (!pane) return null;
      const r = pane.getBoundingClientRect();
      // A point on the empty pane (not on a node or edge), away from the edges of the view.
      for (let y = r.top + r.height * 0.3; y < r.bottom - 100; y += 17)
        for (let x = r.left + r.width * 0.4; x < r.right - 100; x += 23)
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      return null;
    });
    if (!start) throw new Error('no empty spot on the pane to drag');
    const transform = () =>
      page.evaluate(
        () => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
      );
    const before = await transform();
    await page.evaluate(() => window.__bench.startFrames());
    const t0 = Date.now();
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 400, start.y - 150, { steps: 40 });
    await page.mouse.up();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const ms = Date.now() - t0;
    const frames = await page.evaluate(() => window.__bench.stopFrames());
    if ((await transform()) === before) throw new Error('the pan did not move the viewport');
    return { ms, maxFrame: Math.max(...frames.slice(1)), frames: frames.length };
  };

  type Sample = { renderMs: number; cards: number; panMs: number; maxFrame: number };
  const results: Record<string, Sample[]> = Object.fromEntries(graphs.map(([key]) => [key, []]));
  for (let i = 0; i <= env.cfg.reps; i++) {
    for (const [key, graph] of graphs) {
      await importGraph(page, empty);
      const shown = await importGraph(page, graph);
      // Let the first frames after the import settle before dragging.
      await page.waitForTimeout(300);
      const p = await pan();
      if (i > 0)
        results[key]?.push({ renderMs: shown.ms, cards: shown.cards, panMs: p.ms, maxFrame: p.maxFrame });
      env.log(
        `  canvas ${key} rep ${i}${i ? '' : ' (warm-up)'}: on screen ${shown.ms.toFixed(0)} ms (${shown.cards} cards in the DOM), pan ${p.ms} ms, max frame ${p.maxFrame.toFixed(1)} ms`,
      );
    }
  }
  await page.context().close();
  const m = (key: string, f: 'renderMs' | 'panMs' | 'maxFrame' | 'cards') =>
    median((results[key] ?? []).map((r) => r[f]));
  const baseline = (f: 'renderMs' | 'panMs' | 'maxFrame') => ({
    name: `${small.nodes.length}-node template`,
    value: m('small', f),
  });
  const rows: Row[] = sizes.flatMap((n): Row[] => {
    const key = String(n);
    const all = results[key] ?? [];
    const worstFrame = Math.max(...all.map((r) => r.maxFrame));
    const worstImport = Math.max(...all.map((r) => r.renderMs));
    return [
      {
        bench: '7 Canvas',
        measure: `${n}-node graph: import → on screen and usable`,
        unit: 'ms',
        ours: m(key, 'renderMs'),
        baseline: baseline('renderMs'),
        ratio: ratioOf(m(key, 'renderMs'), m('small', 'renderMs')),
        // The 1,000-node promise of the issue; smaller graphs are held to it too.
        ...(n <= 1000 ? { target: { text: 'every import < 2 s', pass: worstImport < 2000 } } : {}),
        note: `all ${n} nodes in the store; the cards overlapping the view in the DOM and painted (median ${m(key, 'cards')} cards in the DOM); slowest import ${worstImport.toFixed(0)} ms`,
      },
      {
        bench: '7 Canvas',
        measure: `${n}-node graph: pan (40-step drag on the pane)`,
        unit: 'ms',
        ours: m(key, 'panMs'),
        baseline: baseline('panMs'),
        ratio: ratioOf(m(key, 'panMs'), m('small', 'panMs')),
      },
      {
        bench: '7 Canvas',
        measure: `${n}-node graph: longest frame during the pan`,
        unit: 'ms',
        ours: m(key, 'maxFrame'),
        baseline: baseline('maxFrame'),
        ratio: ratioOf(m(key, 'maxFrame'), m('small', 'maxFrame')),
        target: { text: 'no frame > 50 ms', pass: worstFrame <= 50 },
        note: `worst frame over all ${all.length} pans: ${worstFrame.toFixed(1)} ms`,
      },
    ];
  });
  return { rows, details: results };
}
