import './workbench.css';
import { type ReactNode, useState } from 'react';
import { readReport } from '../nodes/read-report';
import { getKind } from '../nodes/registry';
import type { ColumnInfo } from '../shared/values';
import { useStore } from '../store/store';
import { ChartView } from './ChartView';
import { EvaluationView } from './EvaluationView';
import { useInspectorWidth } from './inspector-width';
import { LargeDataView, MaximiseButton } from './LargeDataView';
import { type OutputMode, OutputView } from './OutputView';
import { ParamsForm } from './ParamsForm';
import { RegisterModel } from './RegisterModel';
import { ReportView } from './ReportView';
import { ResizeHandle } from './ResizeHandle';
import { ResultsSection } from './ResultsTable';
import { SaveAsDataset } from './SaveAsDataset';
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

/** The inspector's column: as wide as the user dragged it, the width kept across visits. */
function Frame({ children }: { children: ReactNode }) {
  const [width, setWidth] = useInspectorWidth();
  return (
    <aside className="inspector" aria-label="Inspector" style={{ width }}>
      <ResizeHandle width={width} onResize={setWidth} />
      <div className="inspector-body">{children}</div>
    </aside>
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
  const [view, setView] = useState<OutputMode>('rows');
  const [maximised, setMaximised] = useState<'output' | 'chart'>();
  if (!selected) {
    return (
      <Frame>
        <div className="inspector-empty">
          <h2>Inspector</h2>
          <p>Select a node to edit its settings and see its output.</p>
          <p className="muted">
            Run the pipeline with the ▶ button; results stay cached until you change something.
          </p>
        </div>
      </Frame>
    );
  }
  const kind = getKind(selected.data.kind);
  if (!kind) return <Frame>Unknown kind</Frame>;
  const tables = Object.entries(run?.outputs ?? {}).filter(([, o]) => o.type === 'table');
  const metrics = Object.values(run?.outputs ?? {}).find((o) => o.type === 'metrics')?.values;
  const activePort = tables.find(([p]) => p === port)?.[0] ?? tables[0]?.[0];
  const active = tables.find(([p]) => p === activePort)?.[1];
  const chart = readReport(kind, run?.report)?.chart;
  const output = active && activePort && (
    <OutputView
      nodeId={selected.id}
      tables={tables}
      port={activePort}
      onPort={setPort}
      mode={view}
      onMode={setView}
      version={run?.resultVersion ?? 0}
    />
  );
  const close = () => setMaximised(undefined);
  const ran = run?.status === 'done' || run?.status === 'cached' || run?.status === 'warning';
  return (
    <Frame>
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
      {ran &&
        (Object.values(kind.outputs).some((p) => p.type === 'model') ||
          kind.actions.some((a) => a.type === 'download-model')) && (
          <section className="inspector-section">
            <h3>Registry</h3>
            <RegisterModel nodeId={selected.id} />
          </section>
        )}
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
      {chart && (
        <section className="inspector-section" aria-label="Chart">
          <h3>
            Chart
            <MaximiseButton onClick={() => setMaximised('chart')} />
          </h3>
          {maximised !== 'chart' && <ChartView chart={chart} name={selected.id} />}
        </section>
      )}
      {run?.report && !metrics && !chart && (
        <section className="inspector-section">
          <h3>Report</h3>
          <ReportView kind={kind} report={run.report} />
        </section>
      )}
      {output && (
        <section className="inspector-section inspector-preview" aria-label="Output">
          <h3>
            Output
            <MaximiseButton onClick={() => setMaximised('output')} />
          </h3>
          {activePort &&
            (run?.status === 'done' || run?.status === 'cached' || run?.status === 'warning') && (
              <SaveAsDataset nodeId={selected.id} port={activePort} />
            )}
          {maximised !== 'output' && output}
        </section>
      )}
      {maximised === 'output' && output && (
        <LargeDataView title={`${kind.title} · ${selected.id} · output`} onClose={close}>
          {output}
        </LargeDataView>
      )}
      {maximised === 'chart' && chart && (
        <LargeDataView title={`${kind.title} · ${selected.id} · chart`} onClose={close}>
          <ChartView chart={chart} name={selected.id} height={chart.panels.length > 1 ? 300 : 520} />
        </LargeDataView>
      )}
    </Frame>
  );
}
