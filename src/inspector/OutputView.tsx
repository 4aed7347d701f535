import type { ColumnInfo } from '../shared/values';
import { TabButtons } from '../ui/TabButtons';
import { ColumnProfileView } from './ColumnProfileView';
import { TablePreview } from './TablePreview';

export type OutputMode = 'rows' | 'profile';

/**
 * A node's table outputs: a tab per port when there are several, rows or column profile.
 * The inspector and the large data view show the same state (`port`, `mode`).
 */
export function OutputView({
  nodeId,
  tables,
  port,
  onPort,
  mode,
  onMode,
  version,
}: {
  nodeId: string;
  tables: [string, { columns?: ColumnInfo[] }][];
  port: string;
  onPort: (port: string) => void;
  mode: OutputMode;
  onMode: (mode: OutputMode) => void;
  version: number;
}) {
  const active = tables.find(([p]) => p === port)?.[1];
  return (
    <>
      {tables.length > 1 && (
        <div className="port-tabs" role="tablist" aria-label="Output port">
          <TabButtons tabs={tables.map(([p]) => [p, p] as const)} value={port} onChange={onPort} />
        </div>
      )}
      <div className="view-tabs" role="tablist" aria-label="Output view">
        <TabButtons
          tabs={
            [
              ['rows', 'Rows'],
              ['profile', 'Column profile'],
            ] as const
          }
          value={mode}
          onChange={onMode}
        />
      </div>
      {mode === 'rows' ? (
        <TablePreview
          key={`${nodeId}:${port}`}
          nodeId={nodeId}
          port={port}
          columns={active?.columns ?? []}
          version={version}
        />
      ) : (
        <ColumnProfileView nodeId={nodeId} port={port} version={version} />
      )}
    </>
  );
}
