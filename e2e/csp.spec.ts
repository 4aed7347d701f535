import type { Worker } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

/** Fetch another origin inside a worker; report how it failed and the violations it raised. */
function fetchElsewhere(worker: Worker) {
  return worker.evaluate(async () => {
    const violations: string[] = [];
    self.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    let error = 'none';
    try {
      await fetch('https://example.com/');
    } catch (err) {
      error = err instanceof Error ? err.name : String(err);
    }
    // The violation event is queued as a task after the fetch rejects.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { error, violations };
  });
}

test('the Content-Security-Policy header reaches the workers: the browser refuses their fetches to other origins', async ({
  page,
  context,
}) => {
  // The test's own network guard must never see the request: the browser refuses it first.
  const reached: string[] = [];
  await context.route('https://example.com/**', (route) => {
    reached.push(route.request().url());
    return route.fallback();
  });
  await openApp(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("connect-src 'self' blob: data:");

  const engine = page.workers().find((w) => w.url().includes('engine.worker'));
  const duck = page.workers().find((w) => w.url().includes('duckdb-browser'));
  expect(engine, 'the engine worker').toBeDefined();
  expect(duck, 'the DuckDB worker').toBeDefined();
  for (const worker of [engine, duck] as Worker[]) {
    // A worker's policy is its script's response header, not the page's <meta>.
    const script = await page.request.get(worker.url());
    expect(script.headers()['content-security-policy'], worker.url()).toBe(policy);
    expect(await fetchElsewhere(worker), worker.url()).toEqual({
      error: 'TypeError',
      violations: ['connect-src https://example.com/'],
    });
  }
  expect(reached).toEqual([]);

  // Every response carries it, and static hosts are told to send it too.
  for (const url of ['/', '/missing-page', '/_headers'])
    expect((await page.request.get(url)).headers()['content-security-policy'], url).toBe(policy);
  expect(await (await page.request.get('/_headers')).text()).toBe(
    `/*\n  Content-Security-Policy: ${policy}\n`,
  );
});
