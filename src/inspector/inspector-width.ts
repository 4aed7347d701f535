import { useCallback, useState } from 'react';
import { readText, writeText } from '../storage/local-store';

export const INSPECTOR_WIDTH_KEY = 'pipewright.inspector-width';
export const DEFAULT_INSPECTOR_WIDTH = 380;
export const MIN_INSPECTOR_WIDTH = 300;
/** The canvas keeps at least this much room beside the palette. */
const CANVAS_ROOM = 420;
const ABSOLUTE_MAX = 1600;

/** The widest the inspector may be in a window `viewport` pixels wide (never below the minimum). */
export function maxInspectorWidth(viewport: number): number {
  return Math.max(MIN_INSPECTOR_WIDTH, Math.min(ABSOLUTE_MAX, viewport - CANVAS_ROOM));
}

/** `width` kept between the minimum and the maximum for the window; the default when it is no number. */
export function clampInspectorWidth(width: number, viewport: number): number {
  if (!Number.isFinite(width)) return DEFAULT_INSPECTOR_WIDTH;
  return Math.round(Math.min(maxInspectorWidth(viewport), Math.max(MIN_INSPECTOR_WIDTH, width)));
}

/** The stored width, or the default when none is stored or it does not read as a number. */
export function storedInspectorWidth(viewport: number): number {
  const text = readText(INSPECTOR_WIDTH_KEY);
  return clampInspectorWidth(text === null ? DEFAULT_INSPECTOR_WIDTH : Number(text), viewport);
}

const viewport = () => (typeof window === 'undefined' ? 1440 : window.innerWidth);

/**
 * The inspector's width and a setter that clamps it and remembers it for the next visit
 * (a refused write only means the width is not remembered; nothing to tell the user).
 */
export function useInspectorWidth(): [number, (width: number) => void] {
  const [width, setWidth] = useState(() => storedInspectorWidth(viewport()));
  const set = useCallback((next: number) => {
    const clamped = clampInspectorWidth(next, viewport());
    setWidth(clamped);
    writeText(INSPECTOR_WIDTH_KEY, String(clamped));
  }, []);
  return [width, set];
}
