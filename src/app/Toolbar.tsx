import { cancelRun, exportPipeline, importPipeline, runPipeline, uploadFiles } from '../engine/actions';
import { useStore } from '../store/store';
import { TEMPLATES } from '../templates/templates';

/** Top bar: pipeline name, templates, run/cancel, upload, import and export. */
export function Toolbar() {
  const name = useStore((s) => s.name);
  const setName = useStore((s) => s.setName);
  const running = useStore((s) => s.run.running);
  const engineReady = useStore((s) => s.engineStatus === 'ready');
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
          if (!t) return;
          const nodes = useStore.getState().nodes.length;
          if (nodes && !window.confirm(`Replace the current pipeline with "${t.title}"?`)) return;
          useStore.getState().loadGraph(structuredClone(t.graph));
        }}
      >
        <option value="">Templates…</option>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <div className="toolbar-spacer" />
      <label className="btn">
        Upload data
        <input
          type="file"
          className="visually-hidden"
          aria-label="Upload data"
          multiple
          accept=".csv,.tsv,.parquet,.json,.arrow,.ndjson,.txt"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void uploadFiles(files);
          }}
        />
      </label>
      <label className="btn">
        Import pipeline
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
      <button type="button" className="btn" onClick={exportPipeline}>
        Export pipeline
      </button>
      {running ? (
        <button type="button" className="btn btn-danger" onClick={() => void cancelRun()}>
          ■ Cancel run
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-primary"
          aria-label="Run pipeline"
          disabled={!engineReady}
          title={engineReady ? 'Run every node that needs it' : 'The engine is starting…'}
          onClick={() => void runPipeline()}
        >
          ▶ Run pipeline
        </button>
      )}
    </header>
  );
}
