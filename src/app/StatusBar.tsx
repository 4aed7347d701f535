import { useState } from 'react';
import { useStore } from '../store/store';
import { RunPanel } from './RunPanel';

/** Bottom bar: engine state, node counts, last run. */
export function StatusBar() {
  const engineStatus = useStore((s) => s.engineStatus);
  const version = useStore((s) => s.engineVersion);
  const nodes = useStore((s) => s.nodes.length);
  const edges = useStore((s) => s.edges.length);
  const lastRun = useStore((s) => s.run.lastRun);
  const running = useStore((s) => s.run.running);
  const files = useStore((s) => s.files.length);
  const [panel, setPanel] = useState(false);
  return (
    <footer className="statusbar">
      {panel && <RunPanel onClose={() => setPanel(false)} />}
      <button
        type="button"
        className="statusbar-button"
        aria-expanded={panel}
        onClick={() => setPanel(!panel)}
      >
        Runs
      </button>
      <span
        className={`engine engine-${engineStatus}`}
        data-testid="engine-status"
        data-engine={engineStatus}
      >
        {engineStatus === 'ready'
          ? `DuckDB ${version ?? ''} ready`
          : engineStatus === 'starting'
            ? 'Starting engine…'
            : 'Engine failed'}
      </span>
      <span>
        {nodes} nodes · {edges} edges · {files} files
      </span>
      <span className="statusbar-spacer" />
      {running ? (
        <span>Running…</span>
      ) : (
        lastRun && (
          <span data-testid="last-run" data-run-status={lastRun.status}>
            Last run: {lastRun.status} in {(lastRun.durationMs / 1000).toFixed(2)} s
          </span>
        )
      )}
      <span className="muted">All data stays in this browser.</span>
    </footer>
  );
}
