import { afterEach, describe, expect, it } from 'vitest';
import {
  clampInspectorWidth,
  DEFAULT_INSPECTOR_WIDTH,
  INSPECTOR_WIDTH_KEY,
  MIN_INSPECTOR_WIDTH,
  maxInspectorWidth,
  storedInspectorWidth,
} from './inspector-width';

const store = new Map<string, string>();
const fake = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
};
Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true });
afterEach(() => store.clear());

describe('inspector width', () => {
  it('clamps between the minimum and what leaves the canvas room', () => {
    expect(clampInspectorWidth(100, 1440)).toBe(MIN_INSPECTOR_WIDTH);
    expect(clampInspectorWidth(5000, 1440)).toBe(maxInspectorWidth(1440));
    expect(maxInspectorWidth(1440)).toBe(1020);
    expect(clampInspectorWidth(512.4, 1440)).toBe(512);
    // A window too narrow for both still gets the minimum inspector.
    expect(clampInspectorWidth(700, 600)).toBe(MIN_INSPECTOR_WIDTH);
  });

  it('reads the stored width, clamped, and the default for none or junk', () => {
    expect(storedInspectorWidth(1440)).toBe(DEFAULT_INSPECTOR_WIDTH);
    store.set(INSPECTOR_WIDTH_KEY, '640');
    expect(storedInspectorWidth(1440)).toBe(640);
    expect(storedInspectorWidth(900)).toBe(480);
    store.set(INSPECTOR_WIDTH_KEY, 'wide');
    expect(storedInspectorWidth(1440)).toBe(DEFAULT_INSPECTOR_WIDTH);
  });
});
