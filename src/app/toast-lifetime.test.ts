import { describe, expect, it } from 'vitest';
import { ERROR_TOAST_MS, INFO_TOAST_MS, toastLifetime } from './toast-lifetime';

describe('toastLifetime', () => {
  it('lets error toasts go away by themselves, after longer than info ones', () => {
    expect(toastLifetime({ kind: 'error' })).toBe(ERROR_TOAST_MS);
    expect(toastLifetime({ kind: 'info' })).toBe(INFO_TOAST_MS);
    expect(ERROR_TOAST_MS).toBeGreaterThan(INFO_TOAST_MS);
  });
  it('keeps a toast that carries an action until the person acts or dismisses it', () => {
    const action = { label: 'Retry', run: () => undefined };
    expect(toastLifetime({ kind: 'error', action })).toBeUndefined();
    expect(toastLifetime({ kind: 'info', action })).toBeUndefined();
  });
});
