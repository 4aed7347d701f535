import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { downloadTable } from '../engine/actions';
import type { NodeKind } from '../nodes/define-node-kind';
import { getKind } from '../nodes/registry';
import type { PwNode } from '../store/flow-types';
import { useStore } from '../store/store';
import { CategoryIcon } from './CategoryIcon';

function PortRow({
  name,
  side,
  type,
  optional,
}: {
  name: string;
  side: 'in' | 'out';
  type: string;
  optional?: boolean;
}) {
  return (
    <div className={`port port-${side}`} data-port={name}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={name}
        className={`handle handle-${type}`}
        aria-label={`${side === 'in' ? 'Input' : 'Output'} ${name} (${type})`}
      />
      <span className="port-name">
        {name}
        {optional ? '?' : ''}
      </span>
    </div>
  );
}

function subtitle(kind: NodeKind, params: Record<string, unknown>): string {
  if (kind.kind === 'ingest.file') return String(params.file || 'no file chosen');
  if (kind.kind === 'ingest.sample')
    return `${params.dataset} · ${Number(params.rows).toLocaleString('en-US')} rows`;
  const sql = params.where ?? params.sql;
  if (typeof sql === 'string') return sql.replace(/\s+/g, ' ').slice(0, 48);
  return kind.category;
}

function DownloadButton({ nodeId, format }: { nodeId: string; format: string }) {
  const upstream = useStore((s) => s.edges.find((e) => e.target === nodeId && e.targetHandle === 'in'));
  const name = useStore((s) => s.name);
  const fmt = format === 'parquet' ? 'parquet' : 'csv';
  return (
    <button
      type="button"
      className="btn btn-small nodrag"
      disabled={!upstream}
      title={upstream ? `Download the input table as ${fmt}` : 'Connect a table first'}
      onClick={() => {
        if (upstream)
          void downloadTable(upstream.source, upstream.sourceHandle ?? 'out', fmt, `${name}.${fmt}`);
      }}
    >
      Download data
    </button>
  );
}

/** A node on the canvas: title, ports, status, row counts and errors (UI contract §4). */
export const NodeCard = memo(function NodeCard({ id, data, selected }: NodeProps<PwNode>) {
  const kind = getKind(data.kind);
  const run = useStore((s) => s.run.nodes[id]);
  const status = run?.status ?? 'idle';
  if (!kind) {
    return (
      <div
        className="node-card"
        data-testid="node"
        data-node-id={id}
        data-kind={data.kind}
        data-status="error"
      >
        <div className="node-error" data-testid="node-error">
          Unknown node kind {data.kind}
        </div>
      </div>
    );
  }
  const tableOutputs = Object.entries(run?.outputs ?? {}).filter(([, o]) => o.type === 'table');
  const inputs = Object.entries(kind.inputs);
  const outputs = Object.entries(kind.outputs);
  const report = run?.report as { rows?: number } | undefined;
  return (
    <div
      className={`node-card status-${status} cat-${kind.category.toLowerCase()}${selected ? ' selected' : ''}`}
      data-testid="node"
      data-node-id={id}
      data-kind={kind.kind}
      data-status={status}
    >
      <div className="node-head">
        <CategoryIcon category={kind.category} />
        <div className="node-titles">
          <div className="node-title">{kind.title}</div>
          <div className="node-sub" title={subtitle(kind, data.params)}>
            {subtitle(kind, data.params)}
          </div>
        </div>
        <span className={`status-pill pill-${status}`} title={`Status: ${status}`}>
          {status}
        </span>
      </div>
      {(inputs.length > 0 || outputs.length > 0) && (
        <div className="node-ports">
          <div className="ports-col">
            {inputs.map(([name, p]) => (
              <PortRow key={name} name={name} side="in" type={p.type} optional={p.optional} />
            ))}
          </div>
          <div className="ports-col ports-right">
            {outputs.map(([name, p]) => (
              <PortRow key={name} name={name} side="out" type={p.type} />
            ))}
          </div>
        </div>
      )}
      {status === 'running' && (
        <div className="node-progress" role="progressbar" aria-label="Node progress">
          <div
            className="node-progress-bar"
            style={{ width: `${Math.round((run?.progress?.fraction ?? 0) * 100)}%` }}
          />
        </div>
      )}
      {tableOutputs.length > 0 && (
        <div className="node-stats">
          {tableOutputs.map(([port, o]) => (
            <span key={port} className="stat">
              {tableOutputs.length > 1 && <span className="stat-port">{port}</span>}
              <span data-testid="row-count" data-port={port}>
                {o.rowCount ?? 0}
              </span>{' '}
              rows · {o.columns?.length ?? 0} cols
            </span>
          ))}
        </div>
      )}
      {kind.kind === 'export.data' && (
        <div className="node-actions">
          {report?.rows !== undefined && (
            <span className="stat">{report.rows.toLocaleString('en-US')} rows ready</span>
          )}
          <DownloadButton nodeId={id} format={String(data.params.format)} />
        </div>
      )}
      {run?.warnings && run.warnings.length > 0 && (
        <div className="node-warning" data-testid="node-warning">
          {run.warnings[0]}
          {run.warnings.length > 1 ? ` (+${run.warnings.length - 1} more)` : ''}
        </div>
      )}
      {status === 'error' && run?.message && (
        <div className="node-error" data-testid="node-error">
          {run.message}
        </div>
      )}
      {status === 'idle' && run?.note && <div className="node-note">{run.note}</div>}
    </div>
  );
});
