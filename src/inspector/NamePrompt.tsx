import { useState } from 'react';

/**
 * A button that opens a one-field form asking for a name, then runs `onSubmit` with it
 * (Save as dataset, Register model). Closes when `onSubmit` resolves true.
 */
export function NamePrompt({
  button,
  field,
  submit,
  onSubmit,
}: {
  button: string;
  field: string;
  submit: string;
  onSubmit: (name: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" className="btn btn-small save-dataset" onClick={() => setOpen(true)}>
        {button}
      </button>
    );
  return (
    <form
      className="save-dataset-form"
      onSubmit={(e) => {
        e.preventDefault();
        const clean = name.trim();
        if (!clean) return;
        setBusy(true);
        void onSubmit(clean)
          .then((done) => done && setOpen(false))
          .finally(() => setBusy(false));
      }}
    >
      <input
        aria-label={field}
        placeholder={field.toLowerCase()}
        value={name}
        onChange={(e) => setName(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to type a name.
        autoFocus
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy || !name.trim()}>
        {submit}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
