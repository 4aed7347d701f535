import type { ReactNode } from 'react';

/** A floating panel with its title and a close button (Pipelines, Datasets, Models, Files). */
export function PanelFrame({
  label,
  title,
  className,
  onClose,
  children,
}: {
  /** The dialog's accessible name; its close button is "Close <label in lower case>". */
  label: string;
  title?: string;
  className: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className={className} role="dialog" aria-label={label}>
      <div className="pipelines-head">
        <h2>{title ?? label}</h2>
        <button
          type="button"
          className="btn btn-icon"
          aria-label={`Close ${label.toLowerCase()}`}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {children}
    </div>
  );
}
