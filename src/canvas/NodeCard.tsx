import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { downloadModel, downloadTable } from '../engine/actions';
import type { CardAction, NodeKind } from '../nodes/define-node-kind';
import { readReport } from '../nodes/read-report';
import { getKind } from '../nodes/registry';
import type { PwNode } from '../store/flow-types';
import { useStore } from '../store/store';
import { formatMetric, HEADLINE_METRICS } from '../ui/metrics';
import { plainBackendNote } from './backend-note';
import { CategoryIcon } from './CategoryIcon';
import { hasEdgeInto } from './edge-index';
import { NodeError } from './NodeError';
import { NotRunLine, notRunPill } from './NotRun';

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
        // A handle is a plain div (no role), where aria-label is not allowed: a tooltip names it.
        title={`${side === 'in' ? 'Input' : 'Output'} ${name} (${type})`}
      />
      <span className="port-name">
        {name}
        {optional ? '?' : ''}
      </span>
    </div>
  );
}

function subtitle(kind: NodeKind, params: Record<string, unknown>): string {
  return kind.subtitle?.(params) ?? kind.category;
}

function DownloadTableButton({
  nodeId,
  action,
  params,
}: {
  nodeId: string;
  action: Extract<CardAction, { type: 'download-table' }>;
  params: Record<string, unknown>;
}) {
  const upstream = useStore((s) =>
    s.edges.find((e) => e.target === nodeId && e.targetHandle === action.input),
  );
  const name = useStore((s) => s.name);
  const { format: fmt, keepFormulas, partitionBy = [] } = action.options(params);
  // Partitioned: a zip of one file per partition, as the command-line runner's folder.
  const ext = partitionBy.length ? `${fmt}.zip` : fmt;
  return (
    <button
      type="button"
      className="btn btn-small nodrag"
      disabled={!upstream}
      title={upstream ? `Download the input table as ${fmt}` : 'Connect a table first'}
      onClick={() => {
        if (upstream)
          void downloadTable(upstream.source, upstream.sourceHandle ?? 'out', fmt, `${name}.${ext}`, {
            keepFormulas,
            partitionBy,
          });
      }}
    >
      {action.label}
    </button>
  );
}

/** The card's buttons, as its kind declares them. */
function CardActions({
  nodeId,
  actions,
  params,
  rows,
  hasModelInput,
}: {
  nodeId: string;
  actions: readonly CardAction[];
  params: Record<string, unknown>;
  rows: number | undefined;
  hasModelInput: boolean;
}) {
  return actions.map((action) => (
    <div key={action.label} className="node-actions">
      {action.type === 'download-model' ? (
        <button
          type="button"
          className="btn btn-small nodrag"
          disabled={!hasModelInput}
          onClick={() => void downloadModel(nodeId)}
        >
          {action.label}
        </button>
      ) : (
        <>
          {rows !== undefined && <span className="stat">{rows.toLocaleString('en-US')} rows ready</span>}
          <DownloadTableButton nodeId={nodeId} action={action} params={params} />
        </>
      )}
    </div>
  ));
}

function MetricsBlock({ values, sd }: { values: Record<string, number>; sd?: Record<string, number> }) {
  const names = Object.keys(values)
    .filter((k) => !k.startsWith('baseline_'))
    .sort((a, b) => {
      const ia = HEADLINE_METRICS.indexOf(a);
      const ib = HEADLINE_METRICS.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
  const withBaseline = names.filter((k) => values[`baseline_${k}`] !== undefined);
  return (
    <div className={sd ? 'node-metrics with-sd' : 'node-metrics'}>
      {names.map((k) => (
        <span key={k} className="metric">
          <span className="metric-name">{k}</span>
          <span data-metric={k}>{formatMetric(values[k])}</span>
          {sd?.[k] !== undefined && (
            <span className="metric-sd" title="standard deviation over folds">
              {' ± '}
              <span data-metric-sd={k}>{String(Number(sd[k].toPrecision(2)))}</span>
            </span>
          )}
        </span>
      ))}
      {withBaseline.length > 0 && (
        <span className="baseline">
          baseline:
          {withBaseline.map((k) => (
            <span key={k}>
              {' '}
              {k} <span data-baseline-metric={k}>{formatMetric(values[`baseline_${k}`])}</span>
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

/**
 * How long a step without a progress report has been running, after the first second: a SQL
 * statement before DuckDB's progress bar has a percentage, or one whose operators cannot
 * tell (DuckDB's -1).
 */
function Elapsed() {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, []);
  if (seconds < 1) return null;
  return (
    <div className="node-progress-label" data-testid="node-elapsed">
      running · {seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`}
    </div>
  );
}

/** A node on the canvas: title, ports, status, row counts and errors (UI contract §4). */
export const NodeCard = memo(function NodeCard({ id, data, selected }: NodeProps<PwNode>) {
  const kind = getKind(data.kind);
  const run = useStore((s) => s.run.nodes[id]);
  const status = run?.status ?? 'idle';
  // Only an idle node "did not run"; any later state replaces the reason.
  const notRun = status === 'idle' ? run?.notRun : undefined;
  const hasModelInput = useStore((s) => hasEdgeInto(s.edges, id));
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
  const report = readReport(kind, run?.report);
  const metricOutputs = Object.entries(run?.outputs ?? {}).filter(([, o]) => o.type === 'metrics');
  return (
    <div
      className={`node-card status-${status}${notRun ? ` not-run-${notRun}` : ''} cat-${kind.category.toLowerCase()}${selected ? ' selected' : ''}`}
      data-testid="node"
      data-node-id={id}
      data-kind={kind.kind}
      data-status={status}
      data-status-reason={notRun}
    >
      <div className="node-head">
        <CategoryIcon category={kind.category} />
        <div className="node-titles">
          <div className="node-title">{kind.title}</div>
          <div className="node-sub" title={subtitle(kind, data.params)}>
            {subtitle(kind, data.params)}
          </div>
        </div>
        {notRun ? (
          notRunPill(notRun)
        ) : (
          <span className={`status-pill pill-${status}`} title={`Status: ${status}`}>
            {status}
          </span>
        )}
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
        <>
          <div
            className="node-progress"
            role="progressbar"
            aria-label="Node progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((run?.progress?.fraction ?? 0) * 100)}
          >
            <div
              className="node-progress-bar"
              style={{ width: `${Math.round((run?.progress?.fraction ?? 0) * 100)}%` }}
            />
          </div>
          {run?.progress?.message ? (
            <div className="node-progress-label" data-testid="node-progress">
              {run.progress.message}
            </div>
          ) : (
            <Elapsed />
          )}
        </>
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
      {metricOutputs.map(([port, o]) => (
        <MetricsBlock key={port} values={o.values ?? {}} sd={o.sd} />
      ))}
      {report?.backend !== undefined && (
        <div className="node-backend" data-testid="node-backend" data-backend={report.backend}>
          backend: <strong>{report.backend}</strong>
          {report.backendNote && (
            <span className="backend-note"> · {plainBackendNote(report.backendNote)}</span>
          )}
        </div>
      )}
      <CardActions
        nodeId={id}
        actions={kind.actions}
        params={data.params}
        rows={report?.rows}
        hasModelInput={hasModelInput}
      />
      {run?.warnings && run.warnings.length > 0 && (
        <div className="node-warning" data-testid="node-warning">
          {run.warnings[0]}
          {run.warnings.length > 1 ? ` (+${run.warnings.length - 1} more)` : ''}
        </div>
      )}
      {status === 'error' && run?.message && <NodeError message={run.message} />}
      {notRun && run?.note ? (
        <NotRunLine reason={notRun} note={run.note} />
      ) : (
        status === 'idle' && run?.note && <div className="node-note">{run.note}</div>
      )}
    </div>
  );
});
