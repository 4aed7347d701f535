import { engine } from '../engine/client';
import type { DatasetVersion } from '../shared/protocol';
import { useStore } from '../store/store';
import { downloadBlob } from '../ui/download';
import { addReaderNode } from './add-reader-node';
import { PanelFrame } from './PanelFrame';
import { useEngineList } from './use-engine-list';

const listDatasets = () => engine().listDatasets();

/** Saved datasets, every version: where it came from, read it in this pipeline, download, delete. */
export function DatasetsPanel({ onClose }: { onClose: () => void }) {
  const notify = useStore((s) => s.notify);
  const { items: versions, reload: load } = useEngineList(
    listDatasets,
    'pipewright-datasets-changed',
    'Datasets',
  );
  const download = async (v: DatasetVersion, format: 'csv' | 'parquet') => {
    try {
      const bytes = await engine().exportDataset(v.name, v.version, format);
      downloadBlob(
        bytes as Uint8Array<ArrayBuffer>,
        `${v.name}-v${v.version}.${format}`,
        format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet',
      );
    } catch (err) {
      notify('error', 'Download failed', [err instanceof Error ? err.message : String(err)]);
    }
  };
  return (
    <PanelFrame label="Datasets" className="datasets-panel" onClose={onClose}>
      <p className="muted">
        Saved with “Save as dataset” on a table output; each save is a new version. A Dataset node reads the
        latest or a pinned version.
      </p>
      {versions?.length === 0 && <p>No datasets yet.</p>}
      <ul className="pipelines-list">
        {(versions ?? []).map((v) => {
          const label = `${v.name} v${v.version}`;
          return (
            <li
              key={label}
              className="dataset-row"
              data-testid="dataset-row"
              data-dataset={v.name}
              data-version={v.version}
            >
              <div>
                <strong>{v.name}</strong> v{v.version}{' '}
                <span className="muted">
                  · {v.rows.toLocaleString('en-US')} rows × {v.columns.length} columns · from{' '}
                  {v.source.pipeline} › {v.source.node} · {new Date(v.savedAt).toLocaleString('en-GB')} ·{' '}
                  <span title={`SHA-256 ${v.hash}`}>#{v.hash.slice(0, 8)}</span>
                </span>
                <div className="muted mono dataset-schema" data-testid="dataset-schema">
                  {v.columns.map((c) => `${c.name} ${c.type}`).join(' · ')}
                </div>
              </div>
              <div className="pipeline-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Read ${label} here`}
                  onClick={() => {
                    addReaderNode('datasetParams', v.name, v.version);
                    onClose();
                  }}
                >
                  Read here
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Download ${label} as CSV`}
                  onClick={() => void download(v, 'csv')}
                >
                  CSV
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Download ${label} as Parquet`}
                  onClick={() => void download(v, 'parquet')}
                >
                  Parquet
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  aria-label={`Delete ${label}`}
                  onClick={() => {
                    if (!window.confirm(`Delete dataset "${label}"? Pipelines that pin it will fail.`))
                      return;
                    void engine().deleteDataset(v.name, v.version).then(load);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </PanelFrame>
  );
}
