import { type ReactNode, useEffect, useRef } from 'react';

/** The button that opens a section's content in the large data view. */
export function MaximiseButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      className="btn btn-small maximise"
      aria-label="Maximise data view"
      title="Maximise"
      onClick={onClick}
    >
      ⤢
    </button>
  );
}

/**
 * A large panel over the canvas for tables, profiles and charts that the inspector's column
 * is too narrow for. Escape or the close button closes it; focus starts on the close button.
 */
export function LargeDataView({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const close = useRef<HTMLButtonElement>(null);
  // The latest onClose, so the effect below runs once per opening (re-running it would
  // move focus each time the inspector re-renders).
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    // Focus goes back where it was (the Maximise button) when the view closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);
  return (
    <div className="data-view-backdrop">
      <div className="data-view" role="dialog" aria-modal="true" aria-label="Data view">
        <header className="data-view-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-small" ref={close} onClick={onClose}>
            Close data view
          </button>
        </header>
        <div className="data-view-body">{children}</div>
      </div>
    </div>
  );
}
