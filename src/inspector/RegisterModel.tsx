import { useState } from 'react';
import { engine } from '../engine/client';
import { useStore } from '../store/store';

/** "Register model": the model this node holds (or exports) as the next version of a name in the registry. */
export function RegisterModel({ nodeId }: { nodeId: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const notify = useStore((s) => s.notify);
  const pipeline = useStore((s) => s.name);
  const register = async () => {
    const clean = name.trim();
    if (!clean) return;
    setBusy(true);
    try {
      const m = await engine().registerModel(nodeId, clean, pipeline);
      notify('info', `Registered model "${m.name}" v${m.version}`, [
        'Compare, promote and download it under Models; a Registered model node scores new data with it.',
      ]);
      setOpen(false);
      window.dispatchEvent(new Event('pipewright-models-changed'));
    } catch (err) {
      notify('error', 'Not registered', [err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button type="button" className="btn btn-small save-dataset" onClick={() => setOpen(true)}>
        Register model
      </button>
    );
  return (
    <form
      className="save-dataset-form"
      onSubmit={(e) => {
        e.preventDefault();
        void register();
      }}
    >
      <input
        aria-label="Model name"
        placeholder="model name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to type a name.
        autoFocus
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy || !name.trim()}>
        Register
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
