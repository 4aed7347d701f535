import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, openTemplate } from './helpers';
import { importPipeline, pedge, pipelineJson, pnode } from './pipeline-file';

/** Where new and opened nodes land, as a person sees them: on screen, apart, readable. */

const data = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', name);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersects = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect, outer: Rect) =>
  a.x >= outer.x - 1 &&
  a.y >= outer.y - 1 &&
  a.x + a.width <= outer.x + outer.width + 1 &&
  a.y + a.height <= outer.y + outer.height + 1;

/** What is on screen: every node's box, the pane, the zoom controls, the minimap and the zoom. */
async function screen(page: Page) {
  return page.evaluate(() => {
    const rect = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : { x: 0, y: 0, width: 0, height: 0 };
    };
    const transform = (document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style
      .transform;
    return {
      nodes: [...document.querySelectorAll('.react-flow__node')].map((n) => ({
        id: n.getAttribute('data-id') ?? '',
        ...rect(n),
      })),
      pane: rect(document.querySelector('.react-flow')),
      controls: rect(document.querySelector('.react-flow__controls')),
      minimap: rect(document.querySelector('.react-flow__minimap')),
      transform: transform ?? '',
      zoom: Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1] ?? Number.NaN),
    };
  });
}

/** The screen once the view stops moving (fitting animates). */
async function settled(page: Page) {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await screen(page)).transform;
        const still = now === last;
        last = now;
        return still;
      },
      { intervals: [300] },
    )
    .toBe(true);
  return screen(page);
}

/** Problems a person would see: nodes off screen, on each other, or under the controls. */
async function problems(page: Page): Promise<string[]> {
  const s = await screen(page);
  const out: string[] = [];
  for (const [i, a] of s.nodes.entries()) {
    if (!inside(a, s.pane)) out.push(`${a.id} is not wholly on screen`);
    if (intersects(a, s.controls)) out.push(`${a.id} is under the zoom controls`);
    if (intersects(a, s.minimap)) out.push(`${a.id} is under the minimap`);
    for (const b of s.nodes.slice(i + 1)) if (intersects(a, b)) out.push(`${a.id} overlaps ${b.id}`);
  }
  return out;
}

/** A chain of SQL steps far from the origin, `gap` apart. */
function farChain(count: number, gap = 330, origin = { x: 6000, y: 4000 }) {
  const nodes = [pnode('src', 'ingest.sample', {}, origin)];
  const edges = [];
  for (let i = 1; i < count; i++) {
    nodes.push(pnode(`s${i}`, 'transform.sql', {}, { x: origin.x + i * gap, y: origin.y + (i % 2) * 60 }));
    edges.push(pedge(i === 1 ? 'src' : `s${i - 1}`, `s${i}`));
  }
  return pipelineJson(nodes, edges, { name: 'Far away' });
}

test('an imported pipeline far from the view is fitted to it, at a readable zoom', async ({ page }) => {
  await openApp(page);
  const before = (await screen(page)).transform;
  await importPipeline(page, farChain(4));
  await expect(node(page, 's3')).toBeVisible();
  await expect.poll(() => problems(page)).toEqual([]);
  const after = await screen(page);
  expect(after.transform).not.toBe(before);
  expect(after.nodes).toHaveLength(4);
  expect(after.zoom).toBeGreaterThanOrEqual(0.5);
  expect(after.zoom).toBeLessThanOrEqual(1);
});

test('a one-node pipeline is not blown up, and a large one is not shrunk past readable', async ({ page }) => {
  await openApp(page);
  await importPipeline(
    page,
    pipelineJson([pnode('only', 'ingest.sample', {}, { x: -3000, y: 2000 })], [], { name: 'One' }),
  );
  await expect.poll(() => problems(page)).toEqual([]);
  expect((await screen(page)).zoom).toBeLessThanOrEqual(1);
  expect((await screen(page)).nodes).toHaveLength(1);

  // 30 steps do not fit at 50 %: the view stays readable and shows the middle of the graph.
  await importPipeline(page, farChain(30), 'big.pipeline.json');
  // Opened (the canvas renders only the cards in view, so s29, at the far end, has none).
  await expect(page.getByText('30 nodes · 29 edges')).toBeVisible();
  await expect.poll(async () => (await screen(page)).zoom).toBe(0.5);
  const s = await screen(page);
  expect(s.nodes.filter((n) => inside(n, s.pane)).length).toBeGreaterThan(1);
});

test('a dropped pipeline file and a pipeline opened from a template or its address are fitted', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'far.pipeline.json', { type: 'application/json' }));
    const target = document.querySelector('.react-flow__pane') as HTMLElement;
    const r = target.getBoundingClientRect();
    const init = { dataTransfer: dt, bubbles: true, clientX: r.left + 300, clientY: r.top + 200 };
    target.dispatchEvent(new DragEvent('dragover', init));
    target.dispatchEvent(new DragEvent('drop', init));
  }, farChain(5));
  await expect(node(page, 's4')).toBeVisible();
  await expect.poll(() => problems(page)).toEqual([]);
  const farAddress = page.url();

  // The template's nodes sit near the origin, far off screen from here: opening it frames them.
  await openTemplate(page, 'sensors-overview');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect.poll(() => problems(page)).toEqual([]);

  // Back to the far pipeline by its address: restored and framed, though the template sat elsewhere.
  await page.goBack();
  await expect.poll(() => page.url()).toBe(farAddress);
  await expect(node(page, 's4')).toBeVisible();
  await expect.poll(() => problems(page)).toEqual([]);
  expect((await screen(page)).zoom).toBeGreaterThanOrEqual(0.5);
});

test('every template opens framed clear of the zoom controls and minimap; after a run, Fit View keeps them clear', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A common laptop screen: the bottom corners are where tall graphs used to end up.
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  for (const id of [
    'sensors-overview',
    'sensor-preparation',
    'temperature-regression',
    'predictive-maintenance',
  ]) {
    await openTemplate(page, id);
    await expect.poll(async () => (await screen(page)).nodes.length, id).toBeGreaterThan(3);
    await settled(page);
    await expect.poll(() => problems(page), id).toEqual([]);
  }
  // Run, its cards grow (metrics, results); the Fit View control frames them all, clear again.
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-run-status', 'done', { timeout: 240_000 });
  // With the inspector open the canvas is narrower, so the fitted graph is as tall as it gets.
  await node(page, 'compare').click();
  await expect(page.getByLabel('Inspector', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await settled(page);
  await expect.poll(() => problems(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('predictive-maintenance-fitted.png') });
});

test('clicking palette kinds adds nodes in free slots on screen, never on each other', async ({ page }) => {
  await openApp(page);
  await blankCanvas(page);
  const kinds = ['Filter rows', 'SQL', 'Remove duplicates', 'Drop missing', 'Cast types', 'SQL', 'Aggregate'];
  for (const [i, title] of kinds.entries()) {
    await page.getByRole('button', { name: `Add ${title} node` }).click();
    await expect(page.locator('.react-flow__node')).toHaveCount(i + 1);
  }
  await expect.poll(() => problems(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('palette-clicks.png') });
});

test("an uploaded file's node lands in a free, visible slot, not under the controls or on nodes", async ({
  page,
}) => {
  await openApp(page);
  // A tall pipeline framed by the fit-view control: below its lowest node is off screen, and
  // its bottom-left corner is where the zoom controls sit.
  const column = [0, 1, 2, 3, 4].map((i) => pnode(`c${i}`, 'ingest.sample', {}, { x: 0, y: i * 220 }));
  await importPipeline(page, pipelineJson([...column, pnode('side', 'transform.sql', {}, { x: 320, y: 0 })]));
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await page.locator('.react-flow__controls-fitview').click();
  await expect.poll(() => problems(page)).toEqual([]);
  await page.getByLabel('Upload data').setInputFiles([data('small.csv'), data('cities.tsv')]);
  await expect(nodesOfKind(page, 'ingest.file')).toHaveCount(2);
  await expect(nodesOfKind(page, 'ingest.file').first()).toHaveAttribute('data-status', 'done');
  await expect.poll(() => problems(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('upload.png') });
});

test('auto layout keeps text readable and centres on the selection', async ({ page }) => {
  await openApp(page);
  // Twelve steps piled on each other: laid out, they are far wider than the screen.
  await importPipeline(page, farChain(12, 10));
  await expect(page.locator('.react-flow__node')).toHaveCount(12);
  const layout = page.getByRole('button', { name: 'Auto layout' });

  const before = (await screen(page)).transform;
  await layout.click();
  await expect.poll(async () => (await screen(page)).transform).not.toBe(before);
  expect((await settled(page)).zoom).toBeGreaterThanOrEqual(0.5);

  // s11, at the far end, is now off screen, where the canvas renders no card: zoom out to
  // the whole graph to pick it, as a person would.
  await page.getByRole('button', { name: 'Fit View' }).click();
  await node(page, 's11').click();
  await layout.click();
  await expect
    .poll(async () => {
      const s = await screen(page);
      const n = s.nodes.find((b) => b.id === 's11');
      if (!n) return Number.POSITIVE_INFINITY;
      return Math.hypot(
        n.x + n.width / 2 - (s.pane.x + s.pane.width / 2),
        n.y + n.height / 2 - (s.pane.y + s.pane.height / 2),
      );
    })
    .toBeLessThan(20);
  expect((await screen(page)).zoom).toBeGreaterThanOrEqual(0.5);
  await page.screenshot({ path: test.info().outputPath('auto-layout.png') });
});
