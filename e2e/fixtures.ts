import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test runs offline: any request that leaves localhost is blocked and counted, and
 * the test fails if there was one. Each test starts from a clean browser profile.
 */
export const test = base.extend<{ networkGuard: { blocked: string[] } }>({
  networkGuard: [
    async ({ context }, use) => {
      const blocked: string[] = [];
      await context.route(
        (url) =>
          !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) &&
          !['blob:', 'data:'].includes(url.protocol),
        (route) => {
          blocked.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      await use({ blocked });
      expect(blocked, 'requests that tried to leave localhost').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Open the app and wait for the engine to be ready. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-engine', 'ready', {
    timeout: 30_000,
  });
}

export const node = (page: Page, id: string) => page.locator(`[data-testid="node"][data-node-id="${id}"]`);
export const nodesOfKind = (page: Page, kind: string) =>
  page.locator(`[data-testid="node"][data-kind="${kind}"]`);
