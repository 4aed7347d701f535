import { engine } from '../engine/client';
import { useStore } from '../store/store';
import { PanelFrame } from './PanelFrame';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Uploaded files kept in this browser: delete one to free its copy (nodes reading it then say it is missing). */
export function FilesPanel({ onClose }: { onClose: () => void }) {
  const files = useStore((s) => s.files);
  const notify = useStore((s) => s.notify);
  return (
    <PanelFrame label="Files" title="Uploaded files" className="datasets-panel" onClose={onClose}>
      <p className="muted">
        Copies kept in this browser, so pipelines run after a reload. Nothing is uploaded anywhere.
      </p>
      {files.length === 0 && <p>No files yet.</p>}
      <ul className="pipelines-list">
        {files.map((f) => (
          <li key={f.name} className="dataset-row" data-testid="file-row" data-file={f.name}>
            <strong>{f.name}</strong> <span className="muted">· {size(f.size)}</span>{' '}
            <button
              type="button"
              className="btn btn-small btn-danger"
              aria-label={`Delete ${f.name}`}
              onClick={() => {
                if (
                  !window.confirm(
                    `Delete "${f.name}" from this browser? Nodes reading it will need it again.`,
                  )
                )
                  return;
                void engine()
                  .deleteFile(f.name)
                  .then(() => {
                    useStore.getState().removeFile(f.name);
                    notify('info', `Deleted "${f.name}"`);
                  })
                  .catch((err) => notify('error', `Not deleted: "${f.name}"`, [String(err)]));
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </PanelFrame>
  );
}
