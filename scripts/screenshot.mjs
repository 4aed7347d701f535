// Take the README screenshot: open the app (served by `npm run preview`), run the sample
// pipeline, select the SQL node and save docs/screenshot.png. Usage:
//   npm run build && (npm run preview &) && node scripts/screenshot.mjs [template-id]
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const url = process.env.APP_URL ?? 'http://localhost:4173/';
const template = process.argv[2];
const out = process.argv[3] ?? 'docs/screenshot.png';
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
await page.goto(url);
await page
  .getByTestId('engine-status')
  .and(page.locator('[data-engine="ready"]'))
  .waitFor({ timeout: 30_000 });
if (template) {
  page.once('dialog', (d) => d.accept());
  await page.getByLabel('Open template').selectOption(template);
}
await page.getByRole('button', { name: 'Run pipeline' }).click();
await page.getByTestId('last-run').waitFor({ timeout: 120_000 });
const nodes = page.getByTestId('node');
const select =
  process.env.SELECT_NODE ??
  (await nodes.nth(Math.min(2, (await nodes.count()) - 1)).getAttribute('data-node-id'));
await page.locator(`[data-testid="node"][data-node-id="${select}"]`).click();
await page.waitForTimeout(800);
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
