import { describe, expect, it } from 'vitest';
import { policyAllowsEval } from './csp-eval';

const APP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' blob: data:";
const DUCK = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; connect-src 'self'";

describe('policyAllowsEval', () => {
  it("allows eval only where script-src names 'unsafe-eval'", () => {
    expect(policyAllowsEval(APP)).toBe(false);
    expect(policyAllowsEval(DUCK)).toBe(true);
  });

  it('falls back to default-src, and allows it with no policy at all', () => {
    expect(policyAllowsEval("default-src 'self'")).toBe(false);
    expect(policyAllowsEval("default-src 'self' 'unsafe-eval'")).toBe(true);
    expect(policyAllowsEval("connect-src 'self'")).toBe(true);
    expect(policyAllowsEval(null)).toBe(true);
  });

  it('needs every policy of a merged header to allow it (a host that joined two rules)', () => {
    expect(policyAllowsEval(`${APP}, ${DUCK}`)).toBe(false);
    expect(policyAllowsEval(`${DUCK}, ${DUCK}`)).toBe(true);
  });
});
