import { useState } from 'react';
import { TabButtons } from '../app/TabButtons';
import { getKind } from '../nodes/registry';
import type { ColumnInfo } from '../shared/values';
import { useStore } from '../store/store';
import { ColumnProfileView } from './ColumnProfileView';
import { EvaluationView } from './EvaluationView';
import { ParamsForm } from './ParamsForm';
import { ReportView } from './ReportView';
import { ResultsSection } from './ResultsTable';
import { TablePreview } from './TablePreview';
import { TrainingChart } from './TrainingChart';

/**
 * Columns (with types) of the table feeding a node's first connected table input, in the
 * order the kind declares its inputs (so `in`, not `apply`), for column pickers.
 */
function useUpstreamColumns(nodeId: string | undefined): ColumnInfo[] {
  return useStore((s) => {
    if (!nodeId) return EMPTY;
    const kind = getKind(s.nodes.find((n) => n.id === nodeId)?.data.kind ?? '');
    const edges = s.edges.filter((e) => e.target === nodeId);
    for (const port of Object.keys(kind?.inputs ?? {})) {
      const edge = edges.find((e) => e.targetHandle === port);
      const cols = edge && s.run.nodes[edge.source]?.outputs?.[edge.sourceHandle ?? 'out']?.columns;
      if (cols) return cols;
    }
    return EMPTY;
  });
}
const EMPTY: ColumnInfo[] = [];

/** Per-node retries (not a kind param: every node has it, like Airflow's task retries). */
function RetriesField({ nodeId, value }: { nodeId: string; value: number }) {
  const setRetries = useStore((s) => s.setRetries);
  return (
    <div className="field field-inline">
      <label htmlFor={`retries-${nodeId}`}>Retries on failure</label>
      <input
        id={`retries-${nodeId}`}
        type="number"
        min={0}
        max={10}
        value={value}
        onChange={(e) => {
          const n = Math.max(0, Math.min(10, Math.floor(Number(e.target.value) || 0)));
          if (n !== value) setRetries(nodeId, n);
        }}
      />
    </div>
  );
}

/** The right-hand panel: the selected node's settings, result preview and report. */
export function Inspector() {
  const selected = useStore((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0] : undefined;
  });
  const run = useStore((s) => (selected ? s.run.nodes[selected.id] : undefined));
  const columns = useUpstreamColumns(selected?.id);
  const [port, setPort] = useState<string>();
  const [view, setView] = useState<'rows' | 'profile'>('rows');
  if (!selected) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <div className="inspector-empty">
          <h2>Inspector</h2>
          <p>Select a node to edit its settings and see its output.</p>
          <p className="muted">
            Run the pipeline with the ▶ button; results stay cached until you change something.
          </p>
        </div>
      </aside>
    );
  }
  const kind = getKind(selected.data.kind);
  if (!kind) return <aside className="inspector">Unknown kind</aside>;
  const tables = Object.entries(run?.outputs ?? {}).filter(([, o]) => o.type === 'table');
  const metrics = Object.values(run?.outputs ?? {}).find((o) => o.type === 'metrics')?.values;
  const activePort = tables.find(([p]) => p === port)?.[0] ?? tables[0]?.[0];
  const active = tables.find(([p]) => p === activePort)?.[1];
  return (
    <aside className="inspector" aria-label="Inspector">
      <header className="inspector-head">
        <div>
          <h2>{kind.title}</h2>
          <div className="muted mono">
            {selected.id} · {kind.kind}
          </div>
        </div>
        <span className={`status-pill pill-${run?.status ?? 'idle'}`}>{run?.status ?? 'idle'}</span>
      </header>
      <p className="inspector-desc">{kind.description}</p>
      {run?.status === 'error' && run.message && <div className="inspector-error">{run.message}</div>}
      {run?.note && run.status === 'idle' && <div className="inspector-note">{run.note}</div>}
      <section className="inspector-section">
        <h3>Settings</h3>
        <ParamsForm nodeId={selected.id} kind={kind} params={selected.data.params} columns={columns} />
        <RetriesField nodeId={selected.id} value={selected.data.retries ?? 0} />
      </section>
      {run?.points && run.points.length > 0 && (
        <section className="inspector-section">
          <h3>Training</h3>
          <TrainingChart points={run.points} />
        </section>
      )}
      {metrics && (
        <section className="inspector-section">
          <h3>Evaluation</h3>
          <EvaluationView metrics={metrics} kind={kind} report={run?.report} />
        </section>
      )}
      {metrics && <ResultsSection nodeId={selected.id} kind={kind} report={run?.report} />}
      {run?.report && !metrics && (
        <section className="inspector-section">
          <h3>Report</h3>
          <ReportView kind={kind} report={run.report} />
        </section>
      )}
      {active && activePort && (
        <section className="inspector-section inspector-preview">
          <h3>
            Output
            {tables.length > 1 && (
              <span className="port-tabs" role="tablist">
                <TabButtons
                  tabs={tables.map(([p]) => [p, p] as const)}
                  value={activePort}
                  onChange={setPort}
                />
              </span>
            )}
          </h3>
          <div className="view-tabs" role="tablist" aria-label="Output view">
            <TabButtons
              tabs={
                [
                  ['rows', 'Rows'],
                  ['profile', 'Column profile'],
                ] as const
              }
              value={view}
              onChange={(v) => setView(v)}
            />
          </div>
          {view === 'rows' ? (
            <TablePreview
              key={`${selected.id}:${activePort}`}
              nodeId={selected.id}
              port={activePort}
              columns={active.columns ?? []}
              version={run?.resultVersion ?? 0}
            />
          ) : (
            <ColumnProfileView nodeId={selected.id} port={activePort} version={run?.resultVersion ?? 0} />
          )}
        </section>
      )}
    </aside>
  );
}
