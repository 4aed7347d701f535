import { expect, node, openApp, test } from './fixtures';
import { openPipelineWithFiles } from './pipeline-file';

/*
 * Drift checks (issue 14 §5): a person uploads last month's data and this month's, where
 * one number moved and one category grew, and the drift node warns on those two only.
 */

function machines(seed: number, shifted: boolean): string {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lines = ['temperature,vibration,zone,line'];
  for (let i = 0; i < 2000; i++) {
    const temperature = 60 + 10 * (rand() + rand() + rand() - 1.5) + (shifted ? 8 : 0);
    const vibration = rand();
    const zone =
      shifted && rand() < 0.5 ? 'north' : ['north', 'south', 'east', 'west'][Math.floor(rand() * 4)];
    const line = ['a', 'b'][Math.floor(rand() * 2)];
    lines.push(`${temperature.toFixed(2)},${vibration.toFixed(4)},${zone},${line}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a drift check on a shifted file warns on the shifted columns only and shows both distributions', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await openPipelineWithFiles(
    page,
    [
      { id: 'reference', kind: 'ingest.file', params: { file: 'october.csv' } },
      { id: 'current', kind: 'ingest.file', params: { file: 'november.csv' } },
      { id: 'drift', kind: 'monitor.drift' },
    ],
    [
      ['reference', 'out', 'drift', 'reference'],
      ['current', 'out', 'drift', 'current'],
    ],
    { 'october.csv': machines(3, false), 'november.csv': machines(5, true) },
  );
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(node(page, 'drift')).toHaveAttribute('data-status', 'warning', { timeout: 60_000 });
  await expect(node(page, 'drift').getByTestId('row-count')).toHaveText('4');

  await node(page, 'drift').click();
  const view = page.getByTestId('drift-view');
  await expect(view.locator('[data-drifted="true"]')).toHaveCount(2);
  for (const c of ['temperature', 'zone'])
    await expect(view.locator(`[data-drift-column="${c}"]`)).toHaveAttribute('data-drifted', 'true');
  for (const c of ['vibration', 'line'])
    await expect(view.locator(`[data-drift-column="${c}"]`)).toHaveAttribute('data-drifted', 'false');

  // The zone chart: "north" holds about a quarter of October and well over half of November.
  const north = view.locator('[data-drift-column="zone"] .drift-bin').filter({ hasText: 'north' });
  const share = async (cls: string) => Number(await north.locator(`.bar.${cls}`).getAttribute('data-share'));
  expect(await share('ref')).toBeGreaterThan(0.2);
  expect(await share('ref')).toBeLessThan(0.3);
  expect(await share('cur')).toBeGreaterThan(0.55);
  // Drawn: the current bar is taller on screen too.
  const height = async (cls: string) => (await north.locator(`.bar.${cls}`).boundingBox())?.height ?? 0;
  expect(await height('cur')).toBeGreaterThan(1.8 * (await height('ref')));
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('drift-inspector.png') });
});
