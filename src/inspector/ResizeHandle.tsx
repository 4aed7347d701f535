import { useRef } from 'react';
import { MIN_INSPECTOR_WIDTH, maxInspectorWidth } from './inspector-width';

const STEP = 24;

/**
 * The inspector's left edge, dragged (or moved with the arrow keys) to resize it. Dragging
 * left widens it; the width follows the pointer from where the drag began.
 */
export function ResizeHandle({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot take focus or be dragged; a focusable separator is the ARIA window splitter
    <div
      className="inspector-resize"
      role="separator"
      aria-label="Resize inspector"
      aria-orientation="vertical"
      aria-valuenow={width}
      aria-valuemin={MIN_INSPECTOR_WIDTH}
      aria-valuemax={maxInspectorWidth(window.innerWidth)}
      tabIndex={0}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        const start = drag.current;
        if (start) onResize(start.width + start.x - e.clientX);
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onKeyDown={(e) => {
        const by = e.shiftKey ? STEP * 4 : STEP;
        const next =
          e.key === 'ArrowLeft'
            ? width + by
            : e.key === 'ArrowRight'
              ? width - by
              : e.key === 'Home'
                ? MIN_INSPECTOR_WIDTH
                : e.key === 'End'
                  ? maxInspectorWidth(window.innerWidth)
                  : undefined;
        if (next === undefined) return;
        e.preventDefault();
        onResize(next);
      }}
    />
  );
}
