import { useEffect } from 'react';
import { type Toast, useStore } from '../store/store';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useStore((s) => s.dismiss);
  useEffect(() => {
    if (toast.kind !== 'info') return;
    const t = setTimeout(() => dismiss(toast.id), 4000);
    return () => clearTimeout(t);
  }, [toast, dismiss]);
  return (
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
    >
      <div className="toast-head">
        <strong>{toast.title}</strong>
        <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
          ×
        </button>
      </div>
      {toast.lines.length > 0 && (
        <ul>
          {toast.lines.slice(0, 8).map((l) => (
            <li key={l}>{l}</li>
          ))}
          {toast.lines.length > 8 && <li>… and {toast.lines.length - 8} more</li>}
        </ul>
      )}
    </div>
  );
}

/** Messages for the user: import errors, refused connections, failures. */
export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
