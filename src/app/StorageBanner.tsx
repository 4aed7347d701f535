import type { Backup } from '../storage/autosave';
import { downloadBackup, forgetBackup, keepMine, loadTheirs, usePersistence } from '../store/persistence';
import './notices.css';

function BackupNotice({ backup }: { backup: Backup }) {
  return (
    <section className="notice notice-warning" role="alert" data-testid="backup-notice">
      <strong>{backup.title}</strong>
      {backup.reasons.length > 0 && (
        <ul>
          {backup.reasons.slice(0, 5).map((r) => (
            <li key={r}>{r}</li>
          ))}
          {backup.reasons.length > 5 && <li>… and {backup.reasons.length - 5} more</li>}
        </ul>
      )}
      <p className="muted">It is kept as it was until you discard it.</p>
      <div className="notice-actions">
        <button type="button" className="btn btn-primary" onClick={() => downloadBackup(backup)}>
          {backup.kind === 'unreadable' ? 'Download the unreadable save' : 'Download the set-aside pipeline'}
        </button>
        <button type="button" className="btn btn-small" onClick={() => forgetBackup(backup)}>
          Discard it
        </button>
      </div>
    </section>
  );
}

/**
 * What the browser's storage did with the user's work, when that needs a decision: saves
 * set aside because they could not be read, and another tab saving the same pipeline.
 */
export function StorageBanner() {
  const { backups, unstored, conflict } = usePersistence();
  const shown = unstored ? [unstored, ...backups] : backups;
  if (!conflict && !shown.length) return null;
  return (
    <div className="notices">
      {conflict && (
        <section className="notice notice-conflict" role="alert" data-testid="tab-conflict">
          <strong>This pipeline was changed in another tab</strong>
          <p>Your changes in this tab are not saved until you choose which version to keep.</p>
          <div className="notice-actions">
            <button type="button" className="btn btn-primary" onClick={loadTheirs}>
              Load the other tab's version
            </button>
            <button type="button" className="btn btn-small" onClick={keepMine}>
              Keep mine (replace theirs)
            </button>
          </div>
        </section>
      )}
      {shown.map((b) => (
        <BackupNotice key={b.id} backup={b} />
      ))}
    </div>
  );
}
