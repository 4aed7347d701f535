import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, node, nodesOfKind, openApp, test } from './fixtures';
import { blankCanvas, connectPorts, downloadText } from './helpers';
import { importPipeline, pipelineJson, pnode } from './pipeline-file';

/** The pipeline file the Export pipeline button downloads. */
async function exportedFile(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export pipeline' }).click();
  return downloadText(await download);
}

type Box = { x: number; y: number; width: number; height: number };

async function boxes(nodes: Locator): Promise<Box[]> {
  const all: Box[] = [];
  for (const n of await nodes.all()) {
    const b = await n.boundingBox();
    if (!b) throw new Error('node not visible');
    all.push(b);
  }
  return all;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function overlappingPairs(all: Box[]): number {
  let pairs = 0;
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) if (overlap(all[i] as Box, all[j] as Box)) pairs++;
  return pairs;
}

/** A point on the empty pane, `dx`/`dy` pixels from its top-left corner. */
async function panePoint(page: Page, dx: number, dy: number) {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('pane not visible');
  return { x: box.x + dx, y: box.y + dy };
}

test('undo ten edits and redo them: the exported file comes back both ways', async ({ page }) => {
  await openApp(page);
  const original = await exportedFile(page);
  const pane = page.locator('.react-flow__pane');
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeDisabled();

  // 1–2: two nodes from the palette.
  await page
    .getByRole('button', { name: 'Add SQL node' })
    .dragTo(pane, { targetPosition: { x: 260, y: 470 } });
  await page
    .getByRole('button', { name: 'Add Filter rows node' })
    .dragTo(pane, { targetPosition: { x: 640, y: 470 } });
  await expect(page.getByTestId('node')).toHaveCount(6);
  // 3–4: wire them.
  await connectPorts(page, { node: 'n1', port: 'out' }, { node: 'n5', port: 'in' });
  await connectPorts(page, { node: 'n5', port: 'out' }, { node: 'n6', port: 'in' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  // 5–6: two params.
  await node(page, 'n6').click();
  await page.getByLabel('Keep rows where').fill('temperature > 20');
  await page.getByLabel('Keep rows where').press('Enter');
  await node(page, 'n1').click();
  await page.getByLabel('Rows', { exact: true }).fill('1234');
  await page.getByLabel('Rows', { exact: true }).press('Enter');
  // 7: drag a node.
  const n4 = await node(page, 'n4').boundingBox();
  if (!n4) throw new Error('n4 not visible');
  await page.mouse.move(n4.x + 60, n4.y + 14);
  await page.mouse.down();
  await page.mouse.move(n4.x + 100, n4.y + 160, { steps: 10 });
  await page.mouse.up();
  // 8: delete a node with its edges.
  await node(page, 'n3').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node')).toHaveCount(5);
  // 9: rename.
  await page.getByLabel('Pipeline name').fill('Edited pipeline');
  await page.getByLabel('Pipeline name').press('Enter');
  // 10: auto layout (done when the button is no longer busy).
  const layout = page.getByRole('button', { name: 'Auto layout' });
  await layout.click();
  await expect(layout).toHaveAttribute('aria-busy', 'false');

  const edited = await exportedFile(page);
  expect(edited).not.toBe(original);
  expect(JSON.parse(edited).name).toBe('Edited pipeline');

  // Undo all ten, by keyboard and by button; the eleventh has nothing left.
  await pane.click({ position: { x: 20, y: 20 } });
  for (let i = 0; i < 7; i++) await page.keyboard.press('Control+z');
  for (let i = 0; i < 3; i++) await undo.click();
  await expect(undo).toBeDisabled();
  expect(await exportedFile(page)).toBe(original);
  await expect(page.getByTestId('node')).toHaveCount(4);

  // Redo all ten: Ctrl+Shift+Z, Ctrl+Y and the button.
  await pane.click({ position: { x: 20, y: 20 } });
  for (let i = 0; i < 5; i++) await page.keyboard.press('Control+Shift+z');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+y');
  for (let i = 0; i < 2; i++) await redo.click();
  await expect(redo).toBeDisabled();
  expect(await exportedFile(page)).toBe(edited);
});

test('copy and paste a three-node selection: three new nodes, their two inner edges, no overlap', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await node(page, 'n1').click();
  await node(page, 'n2').click({ modifiers: ['Shift'] });
  await node(page, 'n3').click({ modifiers: ['Shift'] });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(3);
  await page.keyboard.press('Control+c');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toMatchObject({ format: 'pipewright/pipeline', nodes: [{}, {}, {}] });
  expect(JSON.parse(copied).edges).toHaveLength(2);

  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node')).toHaveCount(7);
  await expect(nodesOfKind(page, 'ingest.sample')).toHaveCount(2);
  for (const id of ['n5:out->n6:in', 'n6:out->n7:in'])
    await expect(page.locator(`.react-flow__edge[data-id="${id}"]`)).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  // The copies are selected, so they can be dragged away at once.
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(3);
  expect(overlappingPairs(await boxes(page.getByTestId('node')))).toBe(0);

  // Duplicate (Ctrl+D) does the same without the clipboard, again clear of everything.
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('node')).toHaveCount(10);
  expect(overlappingPairs(await boxes(page.getByTestId('node')))).toBe(0);

  // One undo takes a whole paste back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node')).toHaveCount(7);

  // Another tab pastes the same selection from the system clipboard.
  const other = await context.newPage();
  await openApp(other);
  await blankCanvas(other);
  await expect(other.getByTestId('node')).toHaveCount(0);
  await other.bringToFront();
  await other.locator('.react-flow__pane').click();
  await other.keyboard.press('Control+v');
  await expect(other.getByTestId('node')).toHaveCount(3);
  await expect(other.locator('.react-flow__edge')).toHaveCount(2);
  await other.close();
});

test('select several nodes with a selection box and delete them together, as one undo step', async ({
  page,
}) => {
  await openApp(page);
  const first = await node(page, 'n1').boundingBox();
  const third = await node(page, 'n3').boundingBox();
  if (!first || !third) throw new Error('nodes not visible');
  await page.keyboard.down('Shift');
  await page.mouse.move(first.x - 20, first.y - 20);
  await page.mouse.down();
  await page.mouse.move(third.x + third.width + 10, third.y + third.height + 20, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(3);
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('node')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('node')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
});

test('quick add: / opens a search, Enter inserts at the pointer; double-click opens it too', async ({
  page,
}) => {
  await openApp(page);
  await blankCanvas(page);
  const at = await panePoint(page, 420, 260);
  await page.mouse.move(at.x, at.y);
  await page.keyboard.press('/');
  const box = page.getByRole('dialog', { name: 'Quick add node' });
  await expect(box).toBeVisible();
  const search = box.getByRole('combobox');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await search.pressSequentially('filt');
  await expect(box.getByRole('option').first()).toContainText('Filter rows');
  await page.keyboard.press('Enter');
  await expect(box).toBeHidden();
  const filter = nodesOfKind(page, 'clean.filter');
  await expect(filter).toHaveCount(1);
  const placed = await filter.boundingBox();
  if (!placed) throw new Error('node not visible');
  expect(placed.x).toBeLessThan(at.x);
  expect(placed.x + placed.width).toBeGreaterThan(at.x);
  expect(placed.y).toBeLessThan(at.y + 10);
  expect(placed.y + placed.height).toBeGreaterThan(at.y);
  // The new node is selected: the inspector shows it.
  await expect(page.getByRole('form', { name: 'Filter rows settings' })).toBeVisible();

  // Double-click on the empty pane; the arrow keys pick; Escape closes.
  const spot = await panePoint(page, 200, 520);
  await page.mouse.dblclick(spot.x, spot.y);
  await expect(box).toBeVisible();
  await search.fill('sql');
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await page.mouse.dblclick(spot.x, spot.y);
  await expect(box).toBeVisible();
  const options = box.getByRole('option');
  const second = await options.nth(1).getAttribute('data-kind');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node')).toHaveCount(2);
  await expect(nodesOfKind(page, second ?? '')).toHaveCount(1);
  // Clicking an option inserts it too.
  await page.mouse.move(at.x, at.y + 200);
  await page.keyboard.press('/');
  await box.getByRole('option', { name: /SQL/ }).first().click();
  await expect(page.getByTestId('node')).toHaveCount(3);
});

test('auto layout moves overlapping nodes apart, as one undo step', async ({ page }) => {
  await openApp(page);
  // Nodes piled on one another (palette clicks no longer pile them: they take free slots).
  const kinds = ['ingest.sample', 'clean.filter', 'transform.sql', 'export.data'];
  await importPipeline(
    page,
    pipelineJson(kinds.map((k, i) => pnode(`p${i}`, k, {}, { x: i * 16, y: i * 16 }))),
  );
  const cards = page.getByTestId('node');
  await expect(cards).toHaveCount(4);
  expect(overlappingPairs(await boxes(cards))).toBeGreaterThan(0);
  const layout = page.getByRole('button', { name: 'Auto layout' });
  await layout.click();
  await expect(layout).toHaveAttribute('aria-busy', 'false');
  await expect.poll(async () => overlappingPairs(await boxes(cards))).toBe(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => overlappingPairs(await boxes(cards))).toBeGreaterThan(0);
});

const droppedPipeline = JSON.stringify({
  format: 'pipewright/pipeline',
  version: 1,
  name: 'Dropped pipeline',
  nodes: [
    {
      id: 'a',
      kind: 'ingest.sample',
      params: { dataset: 'sensors', rows: 300, seed: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'b', kind: 'clean.filter', params: { where: 'temperature > 0' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
});

async function dropFile(page: Page, name: string, text: string) {
  await page.evaluate(
    ([fileName, content]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content as string], fileName as string, { type: 'application/json' }));
      const target = document.querySelector('.react-flow__pane') as HTMLElement;
      const r = target.getBoundingClientRect();
      const init = { dataTransfer: dt, bubbles: true, clientX: r.left + 300, clientY: r.top + 200 };
      target.dispatchEvent(new DragEvent('dragover', init));
      target.dispatchEvent(new DragEvent('drop', init));
    },
    [name, text],
  );
}

test('dropping a pipeline file on the canvas opens it, asking first when there are unsaved changes', async ({
  page,
}) => {
  await openApp(page);
  const dialogs: string[] = [];
  let answer = false;
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void (answer ? d.accept() : d.dismiss());
  });

  // Unsaved work: the drop asks, and "Cancel" keeps the work.
  await page.getByRole('button', { name: 'Add SQL node' }).click();
  await expect(page.getByTestId('node')).toHaveCount(5);
  await dropFile(page, 'dropped.pipeline.json', droppedPipeline);
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toContain('unsaved changes');
  await expect(page.getByTestId('node')).toHaveCount(5);

  // "OK" opens the dropped file.
  answer = true;
  await dropFile(page, 'dropped.pipeline.json', droppedPipeline);
  await expect(page.getByTestId('node')).toHaveCount(2);
  expect(dialogs).toHaveLength(2);
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Dropped pipeline');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // Nothing changed since it was opened: no question the next time.
  await dropFile(page, 'dropped.pipeline.json', droppedPipeline.replace('Dropped pipeline', 'Second drop'));
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Second drop');
  expect(dialogs).toHaveLength(2);

  // An export counts as saved too.
  await page.getByRole('button', { name: 'Add SQL node' }).click();
  await exportedFile(page);
  await dropFile(page, 'dropped.pipeline.json', droppedPipeline);
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Dropped pipeline');
  expect(dialogs).toHaveLength(2);
});

test('Import pipeline and a pipeline file among uploads ask first too, as a drop does', async ({ page }) => {
  await openApp(page);
  const dialogs: string[] = [];
  let answer = false;
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void (answer ? d.accept() : d.dismiss());
  });

  // Unsaved work: Import asks, and "Cancel" keeps the work.
  await page.getByRole('button', { name: 'Add SQL node' }).click();
  await expect(page.getByTestId('node')).toHaveCount(5);
  await importPipeline(page, droppedPipeline, 'imported.pipeline.json');
  await expect.poll(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toBe(
    'Open "imported.pipeline.json"? The current pipeline has unsaved changes, which will be replaced.',
  );
  await expect(page.getByTestId('node')).toHaveCount(5);

  // The same question for a pipeline file uploaded with Upload data; "OK" opens it.
  answer = true;
  await page.getByLabel('Upload data').setInputFiles({
    name: 'uploaded.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(droppedPipeline),
  });
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Dropped pipeline');
  await expect(page.getByTestId('node')).toHaveCount(2);
  expect(dialogs).toHaveLength(2);
  expect(dialogs[1]).toContain('uploaded.pipeline.json');

  // Nothing changed since: Import opens without a question.
  await importPipeline(page, droppedPipeline.replace('Dropped pipeline', 'Imported again'));
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Imported again');
  expect(dialogs).toHaveLength(2);
});

test('accessibility: no serious or critical axe violations on the main screen', async ({ page }) => {
  await openApp(page);
  await node(page, 'n2').click();
  await expect(page.getByLabel('Keep rows where')).toBeVisible();
  const serious = async (exclude: string[] = []) => {
    const builder = new AxeBuilder({ page });
    for (const selector of exclude) builder.exclude(selector);
    const { violations } = await builder.analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  };
  expect(await serious()).toEqual([]);

  // With the quick-add box open.
  const at = await panePoint(page, 300, 420);
  await page.mouse.move(at.x, at.y);
  await page.keyboard.press('/');
  const quickAdd = page.getByRole('dialog', { name: 'Quick add node' });
  await expect(quickAdd).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('quick-add.png') });
  expect(await serious()).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(quickAdd).toBeHidden();

  // With a run's statuses, results and the result table.
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'n4')).toHaveAttribute('data-status', /done|warning/, { timeout: 60_000 });
  expect(await serious()).toEqual([]);
});
