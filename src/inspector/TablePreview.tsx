import { useVirtualizer } from '@tanstack/react-virtual';
import { tableFromIPC } from 'apache-arrow';
import { useEffect, useRef, useState } from 'react';
import { engine } from '../engine/client';
import type { ColumnInfo } from '../shared/values';
import { formatCell, roundedFrom } from './format-cell';

const PREVIEW_ROWS = 500;
const ROW_HEIGHT = 26;

/** Fixed widths keep virtualised rows aligned (each row is its own grid). */
function columnWidth(type: string): number {
  if (type.startsWith('TIMESTAMP')) return 160;
  if (type === 'VARCHAR') return 130;
  return 104;
}

interface Loaded {
  rows: unknown[][];
  rowCount: number;
}

/** First rows of a node's table output, read from the engine as Arrow IPC; virtualised. */
export function TablePreview({
  nodeId,
  port,
  columns,
  version,
}: {
  nodeId: string;
  port: string;
  columns: ColumnInfo[];
  version: number;
}) {
  const [data, setData] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const scrollRef = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    setError(undefined);
    engine()
      .preview(nodeId, port, PREVIEW_ROWS)
      .then((p) => {
        if (!live) return;
        const table = tableFromIPC(p.ipc);
        const vectors = table.schema.fields.map((_, i) => table.getChildAt(i));
        const rows: unknown[][] = [];
        for (let r = 0; r < table.numRows; r++) rows.push(vectors.map((v) => v?.get(r)));
        setData({ rows, rowCount: p.rowCount });
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [nodeId, port, version]);

  const rows = data?.rows ?? [];
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const template = `48px ${columns.map((c) => `${columnWidth(c.type)}px`).join(' ')}`;

  if (error) return <div className="preview-error">{error}</div>;
  return (
    <div className="preview">
      <div className="preview-meta">
        <span data-testid="preview-row-count">{(data?.rowCount ?? 0).toLocaleString('en-US')}</span> rows ·{' '}
        {columns.length} columns
        {data && data.rowCount > rows.length && <span className="muted"> · first {rows.length} shown</span>}
      </div>
      <section
        className="preview-scroll"
        ref={scrollRef}
        aria-label={`Preview of ${nodeId}.${port}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        <div className="preview-row preview-head" style={{ gridTemplateColumns: template }}>
          <span className="rownum">#</span>
          {columns.map((c) => (
            <span key={c.name} data-testid="preview-column" title={`${c.name} : ${c.type}`}>
              <span className="col-name">{c.name}</span>
              <span className="col-type">{c.type}</span>
            </span>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] ?? [];
            return (
              <div
                key={item.key}
                className="preview-row"
                style={{
                  gridTemplateColumns: template,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                <span className="rownum">{item.index + 1}</span>
                {columns.map((c, i) => {
                  const v = row[i];
                  // A rounded number carries its whole value (hover), marked for tests.
                  const whole = roundedFrom(v, c.type);
                  return (
                    <span
                      key={c.name}
                      className={v === null || v === undefined ? 'null' : undefined}
                      title={whole && `${whole} (shown rounded)`}
                      data-rounded={whole ? 'true' : undefined}
                    >
                      {v === null || v === undefined ? 'null' : formatCell(v, c.type)}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </section>
    </div>
  );
}
