import type { Page } from '@playwright/test';

/** Drag from one port handle to another, as a person connects two nodes. */
export async function connectPorts(
  page: Page,
  from: { node: string; port: string },
  to: { node: string; port: string },
) {
  const source = page.locator(`[data-node-id="${from.node}"] [data-port="${from.port}"] .react-flow__handle`);
  const target = page.locator(`[data-node-id="${to.node}"] [data-port="${to.port}"] .react-flow__handle`);
  await source.hover();
  await page.mouse.down();
  const box = await target.boundingBox();
  if (!box) throw new Error('target handle not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Read a download's text. */
export async function downloadText(download: import('@playwright/test').Download): Promise<string> {
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks as Buffer[]).toString('utf8');
}

/** Open a template from the menu: it opens as a new pipeline, at its own address. */
export async function openTemplate(page: Page, id: string) {
  const before = page.url();
  await page.getByLabel('Open template').selectOption(id);
  await page.waitForURL((url) => url.href !== before && url.hash.startsWith('#/p/'));
}

/** Start from an empty canvas (the Blank template). */
export async function blankCanvas(page: Page) {
  await openTemplate(page, 'blank');
}
