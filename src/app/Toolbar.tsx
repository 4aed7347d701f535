import { useState } from 'react';
import { useAutoLayout } from '../canvas/use-auto-layout';
import { cancelRun, exportPipeline, importPipeline, runPipeline, uploadFiles } from '../engine/actions';
import { createPipeline } from '../store/persistence';
import { useStore } from '../store/store';
import { BLANK, TEMPLATES } from '../templates/templates';
import { PipelinesPanel } from './PipelinesPanel';

const MOD = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** Undo, redo and auto layout. */
function EditButtons() {
  const canUndo = useStore((s) => s.history.past.length > 0);
  const canRedo = useStore((s) => s.history.future.length > 0);
  const undo = useStore((s) => s.undo);
  const redo = useStore((s) => s.redo);
  const hasNodes = useStore((s) => s.nodes.length > 1);
  const autoLayout = useAutoLayout();
  const [laying, setLaying] = useState(false);
  return (
    <div className="toolbar-group">
      <button
        type="button"
        className="btn btn-icon"
        aria-label="Undo"
        title={`Undo (${MOD}Z)`}
        disabled={!canUndo}
        onClick={undo}
      >
        <span aria-hidden="true">↶</span>
      </button>
      <button
        type="button"
        className="btn btn-icon"
        aria-label="Redo"
        title={`Redo (${MOD}Shift+Z)`}
        disabled={!canRedo}
        onClick={redo}
      >
        <span aria-hidden="true">↷</span>
      </button>
      <button
        type="button"
        className="btn"
        disabled={!hasNodes || laying}
        aria-busy={laying}
        title="Arrange the nodes left to right along their edges"
        onClick={() => {
          setLaying(true);
          void autoLayout().finally(() => setLaying(false));
        }}
      >
        Auto layout
      </button>
    </div>
  );
}

/** Top bar: pipeline name, templates, undo/redo, layout, run/cancel, upload, import and export. */
export function Toolbar() {
  const name = useStore((s) => s.name);
  const setName = useStore((s) => s.setName);
  const running = useStore((s) => s.run.running);
  const engineReady = useStore((s) => s.engineStatus === 'ready');
  const [showPipelines, setShowPipelines] = useState(false);
  return (
    <header className="toolbar">
      <div className="brand">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        <span>Pipewright</span>
      </div>
      <input
        className="pipeline-name"
        aria-label="Pipeline name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select
        className="templates"
        aria-label="Open template"
        value=""
        onChange={(e) => {
          const t = TEMPLATES.find((x) => x.id === e.target.value);
          // A template opens as a new pipeline beside yours, never over it.
          if (t) createPipeline(structuredClone(t.graph));
        }}
      >
        <option value="">Templates…</option>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn"
        aria-label="New pipeline"
        title="New pipeline: an empty canvas at its own address"
        onClick={() => createPipeline(structuredClone(BLANK.graph))}
      >
        + New
      </button>
      <button
        type="button"
        className="btn"
        aria-expanded={showPipelines}
        onClick={() => setShowPipelines((v) => !v)}
      >
        Pipelines
      </button>
      {showPipelines && <PipelinesPanel onClose={() => setShowPipelines(false)} />}
      <EditButtons />
      <div className="toolbar-spacer" />
      <label className="btn">
        Upload data
        <input
          type="file"
          className="visually-hidden"
          aria-label="Upload data"
          multiple
          accept=".csv,.tsv,.parquet,.json,.arrow,.ndjson,.txt,.duckdb,.ddb"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void uploadFiles(files);
          }}
        />
      </label>
      <label className="btn" title="Import pipeline: open a .pipeline.json file">
        Import
        <input
          type="file"
          className="visually-hidden"
          aria-label="Import pipeline"
          accept=".json,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importPipeline(file);
          }}
        />
      </label>
      <button
        type="button"
        className="btn"
        onClick={() => {
          exportPipeline();
          useStore.getState().markSaved();
        }}
        aria-label="Export pipeline"
        title="Export pipeline: download it as a .pipeline.json file"
      >
        Export
      </button>
      {/*
        Run and Cancel are two buttons in fixed places: Cancel never appears under a cursor
        aimed at Run (an upload's own run starts without a click). Run during a run queues
        a full run after it.
      */}
      <CancelButton running={running} />
      <button
        type="button"
        className="btn btn-primary"
        aria-label="Run pipeline"
        disabled={!engineReady}
        title={
          !engineReady
            ? 'The engine is starting…'
            : running
              ? 'Runs every node that needs it once the current run ends'
              : 'Run every node that needs it'
        }
        onClick={() => void runPipeline()}
      >
        ▶ Run pipeline
      </button>
    </header>
  );
}

/** Cancel run: its space is kept when idle, so nothing moves when a run starts. */
function CancelButton({ running }: { running: boolean }) {
  return (
    <button
      type="button"
      className="btn btn-danger"
      style={running ? undefined : { visibility: 'hidden' }}
      aria-hidden={!running}
      aria-label="Cancel run"
      tabIndex={running ? 0 : -1}
      onClick={() => void cancelRun()}
    >
      ■ Cancel
    </button>
  );
}
