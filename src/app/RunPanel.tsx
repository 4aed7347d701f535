import { useEffect, useState } from 'react';
import { loadRunHistory, type RunRecord } from '../engine/run-history';
import { getKind } from '../nodes/registry';
import { DEFAULT_PIPELINE } from '../storage/workspace';
import { openPipelineId } from '../store/persistence';
import { useStore } from '../store/store';
import { TabButtons } from '../ui/TabButtons';

function Timeline() {
  const timeline = useStore((s) => s.run.timeline);
  const running = useStore((s) => s.run.running);
  const nodes = useStore((s) => s.nodes);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(t);
  }, [running]);
  const entries = Object.entries(timeline.entries);
  if (!entries.length)
    return <p className="muted">Run the pipeline to see when each node ran and for how long.</p>;
  const elapsed = running ? now - timeline.startedAt : 0;
  const total = Math.max(1, elapsed, ...entries.map(([, e]) => e.end ?? e.start));
  return (
    <div className="gantt" data-testid="run-timeline">
      {entries.map(([id, e]) => {
        const end = e.end ?? (running ? elapsed : e.start);
        const kind = getKind(nodes.find((n) => n.id === id)?.data.kind ?? '');
        return (
          <div key={id} className="gantt-row" data-node-id={id} data-status={e.status}>
            <span className="gantt-label" title={id}>
              {kind?.title ?? id} <span className="muted">{id}</span>
            </span>
            <span className="gantt-track">
              <span
                className={`gantt-bar pill-${e.status}`}
                style={{
                  left: `${(e.start / total) * 100}%`,
                  width: `max(3px, ${((end - e.start) / total) * 100}%)`,
                }}
              />
            </span>
            <span className="gantt-time" data-testid="node-duration">
              {e.status === 'cached' ? 'cached' : `${Math.round(end - e.start)} ms`}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function Log() {
  const log = useStore((s) => s.run.log);
  const nodes = useStore((s) => s.nodes);
  if (!log.length) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="run-log" data-testid="run-log">
      {log.map((l, i) => (
        <li key={i} className={`log-${l.level}`}>
          <span className="log-at">+{(l.at / 1000).toFixed(2)}s</span>
          {l.nodeId && (
            <span className="log-node">
              {getKind(nodes.find((n) => n.id === l.nodeId)?.data.kind ?? '')?.title ?? l.nodeId}
            </span>
          )}
          <span>{l.message}</span>
        </li>
      ))}
    </ol>
  );
}

function History() {
  const [all, setRuns] = useState<RunRecord[]>();
  const lastRun = useStore((s) => s.run.lastRun);
  useEffect(() => {
    void loadRunHistory().then(setRuns);
  }, [lastRun]);
  // This pipeline's runs only (records from before there were several belong to the first).
  const id = openPipelineId();
  const runs = all?.filter((r) => (r.pipelineId ?? DEFAULT_PIPELINE) === id);
  if (!runs) return null;
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  return (
    <table className="mini" data-testid="run-history">
      <thead>
        <tr>
          <th>When</th>
          <th>Pipeline</th>
          <th>Status</th>
          <th>Duration</th>
          <th>Ran / cached / failed</th>
          <th>Metrics</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.at}>
            <td>{new Date(r.at).toLocaleString()}</td>
            <td>{r.pipeline ?? ''}</td>
            <td className={`status-text-${r.status}`}>{r.status}</td>
            <td>{(r.durationMs / 1000).toFixed(2)} s</td>
            <td>
              {r.ran} / {r.cached} / {r.failed}
            </td>
            <td className="mono run-metrics" data-testid="run-metrics">
              {Object.entries(r.metrics)
                .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
                .join(' ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Tab = 'timeline' | 'log' | 'history';

/** Bottom drawer: run timeline (Gantt), run log, and the last 20 runs. */
export function RunPanel({ onClose }: { onClose(): void }) {
  const [tab, setTab] = useState<Tab>('timeline');
  return (
    <section className="run-panel" aria-label="Runs">
      <div className="view-tabs" role="tablist">
        <TabButtons
          tabs={
            [
              ['timeline', 'Timeline'],
              ['log', 'Log'],
              ['history', 'History'],
            ] as const
          }
          value={tab}
          onChange={(t) => setTab(t)}
        />
        <button type="button" className="run-panel-close" aria-label="Close runs panel" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="run-panel-body">
        {tab === 'timeline' ? <Timeline /> : tab === 'log' ? <Log /> : <History />}
      </div>
    </section>
  );
}
