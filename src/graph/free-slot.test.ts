import { describe, expect, it } from 'vitest';
import { findFreeSlot, findFreeSlots } from './free-slot';
import { boxesOverlap } from './paste';

const size = { width: 240, height: 150 };
const visible = { x: 0, y: 0, width: 1200, height: 800 };

describe('findFreeSlot', () => {
  it('takes the preferred spot when it is free', () => {
    expect(findFreeSlot({ preferred: { x: 400, y: 300 }, size, occupied: [], visible })).toEqual({
      x: 400,
      y: 300,
    });
  });

  it('moves off a node that sits on the preferred spot, staying near it', () => {
    const occupied = [{ x: 380, y: 280, ...size }];
    const at = findFreeSlot({ preferred: { x: 400, y: 300 }, size, occupied, visible });
    expect(at).toBeDefined();
    expect(boxesOverlap({ ...(at ?? { x: 0, y: 0 }), ...size }, occupied[0] ?? visible, 24)).toBe(false);
    expect(Math.hypot((at?.x ?? 0) - 400, (at?.y ?? 0) - 300)).toBeLessThan(350);
  });

  it('keeps the slot wholly on screen and off the boxes standing for on-screen controls', () => {
    const controls = { x: 0, y: 600, width: 60, height: 200 };
    const at = findFreeSlot({ preferred: { x: -500, y: 900 }, size, occupied: [controls], visible });
    const box = { ...(at ?? { x: NaN, y: NaN }), ...size };
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    expect(boxesOverlap(box, controls)).toBe(false);
  });

  it('says there is no room when the screen is full', () => {
    expect(findFreeSlot({ preferred: { x: 0, y: 0 }, size, occupied: [visible], visible })).toBeUndefined();
  });
});

describe('findFreeSlots', () => {
  it('places several nodes apart from each other, and below everything once the screen is full', () => {
    const slots = findFreeSlots(
      { preferred: { x: 100, y: 100 }, size, occupied: [], visible: { x: 0, y: 0, width: 600, height: 400 } },
      5,
    );
    const boxes = slots.map((s) => ({ ...s, ...size }));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(boxesOverlap(a, b), JSON.stringify([a, b])).toBe(false);
  });
});
