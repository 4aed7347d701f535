import { useState } from 'react';
import { engine } from '../engine/client';
import { useStore } from '../store/store';

/** "Save as dataset": this output as the next version of a named dataset, readable by a Dataset node in any pipeline. */
export function SaveAsDataset({ nodeId, port }: { nodeId: string; port: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const notify = useStore((s) => s.notify);
  const pipeline = useStore((s) => s.name);
  const save = async () => {
    const clean = name.trim();
    if (!clean) return;
    setBusy(true);
    try {
      const saved = await engine().saveDataset(nodeId, port, clean, pipeline);
      notify('info', `Saved dataset "${saved.name}" v${saved.version}`, [
        `${saved.rows.toLocaleString('en-US')} rows, ${saved.columns.length} columns. Read it with a Dataset node in any pipeline.`,
      ]);
      setOpen(false);
      window.dispatchEvent(new Event('pipewright-datasets-changed'));
    } catch (err) {
      notify('error', 'Not saved as a dataset', [err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button type="button" className="btn btn-small save-dataset" onClick={() => setOpen(true)}>
        Save as dataset
      </button>
    );
  return (
    <form
      className="save-dataset-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        aria-label="Dataset name"
        placeholder="dataset name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to type a name.
        autoFocus
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy || !name.trim()}>
        Save
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
