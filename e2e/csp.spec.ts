import type { Worker } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

/**
 * Whether a string handed to `setTimeout` runs here, and the violations it raised. Code
 * Playwright evaluates is itself let off the eval check, so the string must be compiled by
 * the page's own timer, which the policy governs.
 */
function tryEval() {
  const scope = self as unknown as { evaluated?: string };
  return new Promise<{ evaluated: string; violations: string[] }>((resolve) => {
    const violations: string[] = [];
    self.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    // biome-ignore lint/suspicious/noExplicitAny: a string handler is what is under test; the DOM typings refuse it.
    (setTimeout as any)('self.evaluated = "yes"', 0);
    setTimeout(() => resolve({ evaluated: scope.evaluated ?? 'no', violations }), 200);
  });
}

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

test('the Content-Security-Policy header reaches the workers: the browser refuses their fetches to other origins, and eval everywhere but in DuckDB’s worker', async ({
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
  // DuckDB's worker alone may evaluate strings (its progress reports need it); nothing else.
  const duckPolicy = policy?.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'");
  expect(duckPolicy).not.toBe(policy);
  // The page has its policy twice (the <meta> and the header): each reports the violation.
  expect(await page.evaluate(tryEval), 'the page').toEqual({
    evaluated: 'no',
    violations: ['script-src', 'script-src'],
  });
  expect(await (engine as Worker).evaluate(tryEval), 'the engine worker').toEqual({
    evaluated: 'no',
    violations: ['script-src'],
  });
  expect(await (duck as Worker).evaluate(tryEval), 'the DuckDB worker').toEqual({
    evaluated: 'yes',
    violations: [],
  });
  for (const worker of [engine, duck] as Worker[]) {
    // A worker's policy is its script's response header, not the page's <meta>.
    const script = await page.request.get(worker.url());
    expect(script.headers()['content-security-policy'], worker.url()).toBe(
      worker === duck ? duckPolicy : policy,
    );
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
    `/*\n  Content-Security-Policy: ${policy}\n/assets/duckdb-browser-*\n  Content-Security-Policy: ${duckPolicy}\n`,
  );
});
