import { useEffect, useState } from 'react';
import { engine } from '../engine/client';
import type { EngineStats } from '../shared/protocol';
import { useStore } from '../store/store';
import { DatasetsPanel } from './DatasetsPanel';
import { FilesPanel } from './FilesPanel';
import { ModelsPanel } from './ModelsPanel';
import { RunningStatus } from './RunningStatus';
import { RunPanel } from './RunPanel';

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * The engine's memory and whether DuckDB is still working, refreshed after each run and
 * every few seconds while one goes on or a statement is still running.
 */
function EngineMemory() {
  const ready = useStore((s) => s.engineStatus === 'ready');
  const running = useStore((s) => s.run.running);
  const lastRun = useStore((s) => s.run.lastRun);
  const nodes = useStore((s) => s.nodes.length);
  const [stats, setStats] = useState<EngineStats>();
  const busy = (stats?.statements ?? 0) > 0;
  useEffect(() => {
    if (!ready) return;
    let live = true;
    const load = () =>
      void engine()
        .stats()
        .then((s) => live && setStats(s))
        .catch(() => undefined);
    load();
    const timer = running || busy ? setInterval(load, running ? 3000 : 250) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [ready, running, busy, lastRun, nodes]);
  if (!stats) return null;
  // The text gives way (ellipsis) on a narrow window; the Clear cache button never does.
  return (
    <>
      <span
        className="statusbar-shrink"
        data-testid="engine-memory"
        data-statements={stats.statements}
        title="Memory held by DuckDB in the engine worker, results kept for re-use, and statements still running"
      >
        DuckDB {mb(stats.duckdbBytes)} · {stats.cachedResults} results cached
        {busy ? ` · ${stats.statements} ${stats.statements === 1 ? 'statement' : 'statements'} running` : ''}
        {stats.kept && (
          <>
            {' · '}
            <span
              data-testid="kept-results"
              data-kept-bytes={stats.kept.bytes}
              data-kept-results={stats.kept.results}
              title="Node results kept in this browser so a reload reuses them; the least recently used go first past the budget"
            >
              kept {mb(stats.kept.bytes)} of {mb(stats.kept.budgetBytes)}
            </span>
          </>
        )}
      </span>
      {stats.kept && (
        <button
          type="button"
          className="statusbar-button"
          disabled={stats.kept.results === 0}
          onClick={() =>
            void engine()
              .clearKept()
              .then(() => engine().stats())
              .then(setStats)
              .catch(() => undefined)
          }
        >
          Clear cache
        </button>
      )}
    </>
  );
}

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
  const [datasets, setDatasets] = useState(false);
  const [modelsOpen, setModelsOpen] = useState(false);
  const [filesOpen, setFilesOpen] = useState(false);
  return (
    <footer className="statusbar">
      {panel && <RunPanel onClose={() => setPanel(false)} />}
      {datasets && <DatasetsPanel onClose={() => setDatasets(false)} />}
      {modelsOpen && <ModelsPanel onClose={() => setModelsOpen(false)} />}
      {filesOpen && <FilesPanel onClose={() => setFilesOpen(false)} />}
      <button
        type="button"
        className="statusbar-button"
        aria-expanded={panel}
        onClick={() => setPanel(!panel)}
      >
        Runs
      </button>
      <button
        type="button"
        className="statusbar-button"
        aria-expanded={datasets}
        onClick={() => setDatasets(!datasets)}
      >
        Datasets
      </button>
      <button
        type="button"
        className="statusbar-button"
        aria-expanded={modelsOpen}
        onClick={() => setModelsOpen(!modelsOpen)}
      >
        Models
      </button>
      <button
        type="button"
        className="statusbar-button"
        aria-expanded={filesOpen}
        onClick={() => setFilesOpen(!filesOpen)}
      >
        Files
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
      <EngineMemory />
      <span className="statusbar-spacer" />
      {running ? (
        <RunningStatus />
      ) : (
        lastRun && (
          <span data-testid="last-run" data-run-status={lastRun.status}>
            Last run: {lastRun.status} in {(lastRun.durationMs / 1000).toFixed(2)} s
          </span>
        )
      )}
      <span className="muted statusbar-shrink">All data stays in this browser.</span>
    </footer>
  );
}
