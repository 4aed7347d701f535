import { useEffect, useState } from 'react';
import { importPipeline } from '../engine/actions';
import { engine } from '../engine/client';
import { type PipelineEntry, readIndex, watchIndex } from '../storage/workspace';
import {
  deletePipeline,
  duplicatePipeline,
  exportPipelineById,
  openPipelineId,
  renamePipeline,
} from '../store/persistence';
import { useStore } from '../store/store';
import { PanelFrame } from './PanelFrame';

function when(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** One pipeline: open it, rename it in place, duplicate, export or delete it. */
function Row({
  entry,
  current,
  onChange,
  onOpen,
}: {
  entry: PipelineEntry;
  current: boolean;
  onChange: () => void;
  onOpen: () => void;
}) {
  const [name, setName] = useState(entry.name);
  useEffect(() => setName(entry.name), [entry.name]);
  const commit = () => {
    const next = name.trim();
    if (next && next !== entry.name) {
      renamePipeline(entry.id, next);
      onChange();
    } else setName(entry.name);
  };
  return (
    <li
      className="pipeline-row"
      data-testid="pipeline-row"
      data-pipeline-id={entry.id}
      aria-current={current}
    >
      <input
        aria-label={`Name of pipeline ${entry.name}`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setName(entry.name);
        }}
      />
      <span className="muted pipeline-when">{current ? 'open here' : when(entry.updatedAt)}</span>
      <span className="pipeline-actions">
        {!current && (
          <a
            className="btn btn-small"
            href={`#/p/${entry.id}`}
            aria-label={`Open ${entry.name}`}
            onClick={onOpen}
          >
            Open
          </a>
        )}
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Duplicate ${entry.name}`}
          onClick={() => {
            duplicatePipeline(entry.id);
            onChange();
          }}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Export ${entry.name}`}
          onClick={() => exportPipelineById(entry.id)}
        >
          Export
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={`Delete ${entry.name}`}
          onClick={() => {
            if (!window.confirm(`Delete the pipeline "${entry.name}"? This cannot be undone.`)) return;
            const orphans = deletePipeline(entry.id);
            // Uploaded files no other pipeline reads are not kept for later visits any more.
            if (orphans.length) void engine().forgetFiles(orphans);
            onChange();
          }}
        >
          Delete
        </button>
      </span>
    </li>
  );
}

/** Every pipeline kept in this browser; each opens at its own address, so tabs can hold different ones. */
export function PipelinesPanel({ onClose }: { onClose: () => void }) {
  const [entries, setEntries] = useState<PipelineEntry[]>(() => readIndex());
  // The open pipeline's name and saves change the list: read it again when they do.
  const name = useStore((s) => s.name);
  const refresh = () => setEntries(readIndex());
  useEffect(() => {
    setEntries(readIndex());
  }, [name]);
  useEffect(() => watchIndex(refresh), []);
  const current = openPipelineId();
  return (
    <PanelFrame label="Pipelines" className="pipelines-panel" onClose={onClose}>
      <p className="muted">Kept in this browser. Each opens at its own address, so two tabs can hold two.</p>
      <label className="btn btn-small">
        Import as a new pipeline
        <input
          type="file"
          className="visually-hidden"
          aria-label="Import as a new pipeline"
          accept=".json,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importPipeline(file, true).then((ok) => ok && refresh());
          }}
        />
      </label>
      <ul className="pipelines-list">
        {entries.map((e) => (
          <Row key={e.id} entry={e} current={e.id === current} onChange={refresh} onOpen={onClose} />
        ))}
      </ul>
    </PanelFrame>
  );
}
