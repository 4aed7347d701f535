import { useEffect, useState } from 'react';
import { type Toast, useStore } from '../store/store';
import { toastLifetime } from './toast-lifetime';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useStore((s) => s.dismiss);
  // Held while the pointer or focus is on it, so a person reading it does not lose it.
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const lifetime = toastLifetime(toast);
    if (lifetime === undefined || held) return;
    const t = setTimeout(() => dismiss(toast.id), lifetime);
    return () => clearTimeout(t);
  }, [toast, dismiss, held]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: it is an alert or status (role set below); hover and focus only hold it open
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
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
      {toast.action && (
        <button
          type="button"
          className="btn btn-small toast-action"
          onClick={() => {
            toast.action?.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
    </div>
  );
}

/** Messages for the user: import errors, failures, saves. */
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
