import type { Page } from '@playwright/test';
import { expect, node, openApp, test } from './fixtures';
import { downloadText } from './helpers';

/** Where the app keeps the pipeline (src/storage/autosave.ts). */
const AUTOSAVE_KEY = 'pipewright.autosave';

/** Put `raw` in the autosave before the app's first load (and only then: not on reloads). */
async function seedAutosave(page: Page, raw: string) {
  await page.addInitScript(
    ([key, value]) => {
      if (sessionStorage.getItem('pw-seeded')) return;
      sessionStorage.setItem('pw-seeded', '1');
      localStorage.setItem(key, value);
    },
    [AUTOSAVE_KEY, raw] as const,
  );
}

const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), AUTOSAVE_KEY);

/** A valid pipeline file of one sample node, named `name`. */
const pipeline = (name: string) =>
  JSON.stringify({
    format: 'pipewright/pipeline',
    version: 1,
    name,
    nodes: [{ id: 'mine', kind: 'ingest.sample', params: { dataset: 'sensors', rows: 50, seed: 1 } }],
    edges: [],
  });

async function rename(page: Page, name: string) {
  await page.getByLabel('Pipeline name').fill(name);
}

for (const [what, raw, why] of [
  ['corrupt JSON', '{"format":"pipewright/pipeline","nodes":[{"id":', /not JSON/],
  ['a wrongly shaped save', '{"nodes":{"a":1},"edges":"none"}', /"format" must be/],
  ['a future version', pipeline('From the future').replace('"version":1', '"version":99'), /version 99/],
] as const) {
  test(`an autosave that is ${what} opens the sample, says why, and is kept for download until discarded`, async ({
    page,
  }) => {
    await seedAutosave(page, raw);
    await openApp(page);
    await expect(page.getByLabel('Pipeline name')).toHaveValue('Sensor overview');
    await expect(node(page, 'n1')).toBeVisible();
    const notice = page.getByTestId('backup-notice');
    await expect(notice).toContainText(
      'Your saved pipeline could not be read, so the sample pipeline is open',
    );
    await expect(notice).toContainText(why);

    const download = page.waitForEvent('download');
    await notice.getByRole('button', { name: 'Download the unreadable save' }).click();
    expect(await downloadText(await download)).toBe(raw);

    // Kept across a reload, while the sample is what is saved now.
    await page.reload();
    await expect(page.getByTestId('backup-notice')).toContainText(why);
    await expect(page.getByLabel('Pipeline name')).toHaveValue('Sensor overview');
    expect(await stored(page)).toContain('"name": "Sensor overview"');

    await page.getByRole('button', { name: 'Discard it' }).click();
    await expect(page.getByTestId('backup-notice')).toHaveCount(0);
    await page.reload();
    await expect(node(page, 'n1')).toBeVisible();
    await expect(page.getByTestId('backup-notice')).toHaveCount(0);
  });
}

test('a render error shows "Export what is loaded / Reset" instead of a blank page, and Reset keeps the pipeline for download', async ({
  page,
}) => {
  await seedAutosave(page, pipeline('My work'));
  // A browser API failing while the canvas mounts (until the test lets it work again): an
  // error no code path of the app expects, caught only by the error boundary. No test hook
  // in the app itself. It must fail more than once: React retries a failed render once.
  await page.addInitScript(() => {
    const Real = window.ResizeObserver;
    const w = window as unknown as { resizeObserverBroken: boolean };
    w.resizeObserverBroken = true;
    window.ResizeObserver = class extends Real {
      constructor(callback: ResizeObserverCallback) {
        if (w.resizeObserverBroken) throw new Error('ResizeObserver is unavailable');
        super(callback);
      }
    };
  });
  await page.goto('/');
  const crash = page.getByTestId('app-error');
  await expect(crash).toContainText('Something went wrong, and the page could not be drawn');
  await expect(crash).toContainText('ResizeObserver is unavailable');
  await expect(crash).toContainText('“My work” (1 node) is still loaded');

  const exported = page.waitForEvent('download');
  await crash.getByRole('button', { name: 'Export what is loaded' }).click();
  const file = await exported;
  expect(file.suggestedFilename()).toBe('My work.pipeline.json');
  expect(JSON.parse(await downloadText(file))).toMatchObject({ name: 'My work', nodes: [{ id: 'mine' }] });

  await page.evaluate(() => {
    (window as unknown as { resizeObserverBroken: boolean }).resizeObserverBroken = false;
  });
  await crash.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Sensor overview');
  const notice = page.getByTestId('backup-notice');
  await expect(notice).toContainText('"My work" was set aside when the app was reset');
  const setAside = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download the set-aside pipeline' }).click();
  expect(JSON.parse(await downloadText(await setAside))).toMatchObject({ name: 'My work' });
});

test('a full localStorage says which changes were not saved, and saving resumes once there is room', async ({
  page,
}) => {
  await openApp(page);
  // Fill the origin's storage for real, until the browser refuses.
  const junkKeys = await page.evaluate(() => {
    const chunk = 'x'.repeat(512 * 1024);
    const keys: string[] = [];
    for (let i = 0; i < 64; i++) {
      try {
        localStorage.setItem(`junk-${i}`, chunk);
        keys.push(`junk-${i}`);
      } catch {
        break;
      }
    }
    for (let size = 256 * 1024; size >= 1; size = Math.floor(size / 2))
      try {
        localStorage.setItem(`junk-tail-${size}`, 'x'.repeat(size));
        keys.push(`junk-tail-${size}`);
      } catch {
        // Smaller pieces fill what is left.
      }
    return keys;
  });
  await rename(page, 'Sensor overview, not saved');
  const toast = page.getByTestId('toast').filter({ hasText: 'Not saved' });
  await expect(toast).toContainText('Not saved: your latest changes to the pipeline "Sensor overview, ');
  await expect(toast).toContainText("The browser's storage for this site is full.");
  expect(await stored(page)).toContain('"name": "Sensor overview"');

  await page.evaluate((keys) => {
    for (const k of keys) localStorage.removeItem(k);
  }, junkKeys);
  await rename(page, 'Saved at last');
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved again' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Saved at last');
});

test('a file the browser has no room to keep leaves no empty copy, says it was not kept, and works in this session', async ({
  page,
  context,
  baseURL,
}) => {
  await openApp(page);
  // A real quota, as a nearly full disk gives: far less than the file needs.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: baseURL ?? '', quotaSize: 64 * 1024 });
  const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i * 3}`).join('\n');
  await page.getByLabel('Upload data').setInputFiles({
    name: 'big.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`id,v\n${rows}\n`),
  });
  const toast = page.getByTestId('toast').filter({ hasText: 'Not kept' });
  await expect(toast).toContainText('Not kept: "big.csv"');
  await expect(toast).toContainText('storage for this site is full');
  await expect(toast).toContainText('It works in this session');
  const ingest = page.locator('[data-testid="node"][data-kind="ingest.file"]');
  await expect(ingest.getByTestId('row-count')).toHaveText('20000');
  const kept = await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('pipewright-files', {
      create: true,
    });
    const names: [string, number][] = [];
    for await (const [name, handle] of dir.entries())
      names.push([name, (await (handle as FileSystemFileHandle).getFile()).size]);
    return names;
  });
  expect(kept).toEqual([]);
});

test('two tabs on one pipeline: the second does not overwrite the first, shows it, and lets the user choose', async ({
  context,
}) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first);
  await openApp(second);

  await rename(first, 'Edited in the first tab');
  await expect.poll(() => stored(first)).toContain('"name": "Edited in the first tab"');
  const conflict = second.getByTestId('tab-conflict');
  await expect(conflict).toContainText('This pipeline was changed in another tab');

  // Edits in the second tab wait for the choice: the first tab's save stays.
  await rename(second, 'Edited in the second tab');
  await expect(conflict).toContainText('not saved until you choose');
  expect(await stored(second)).toContain('"name": "Edited in the first tab"');
  await expect(first.getByTestId('tab-conflict')).toHaveCount(0);

  // Keep mine: the second tab's version is saved, and now the first tab is asked.
  await conflict.getByRole('button', { name: 'Keep mine (replace theirs)' }).click();
  await expect(conflict).toHaveCount(0);
  await expect.poll(() => stored(first)).toContain('"name": "Edited in the second tab"');
  const firstConflict = first.getByTestId('tab-conflict');
  await expect(firstConflict).toBeVisible();
  await firstConflict.getByRole('button', { name: "Load the other tab's version" }).click();
  await expect(first.getByLabel('Pipeline name')).toHaveValue('Edited in the second tab');
  await expect(firstConflict).toHaveCount(0);

  // In agreement again: an edit in either tab saves, and the other is asked once more.
  await rename(first, 'Agreed');
  await expect.poll(() => stored(second)).toContain('"name": "Agreed"');
  await expect(conflict).toBeVisible();
  await conflict.getByRole('button', { name: "Load the other tab's version" }).click();
  await expect(second.getByLabel('Pipeline name')).toHaveValue('Agreed');
});
