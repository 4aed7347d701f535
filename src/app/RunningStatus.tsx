import { getKind } from '../nodes/registry';
import { useStore } from '../store/store';
import { runningProgress } from './running-progress';

/** "Running · SQL: ≈ 42 % · ETA 8 s" in the status bar, or "Running…" when no step can tell. */
export function RunningStatus() {
  // Two plain values, not one object: a selector must return the same value while nothing changed.
  const nodeId = useStore((s) => runningProgress(s.run)?.nodeId);
  const message = useStore((s) => runningProgress(s.run)?.message);
  const title = useStore((s) => {
    if (!nodeId) return undefined;
    const kind = s.nodes.find((n) => n.id === nodeId)?.data.kind;
    return (kind && getKind(kind)?.title) ?? nodeId;
  });
  if (!message) return <span data-testid="run-progress">Running…</span>;
  return (
    <span
      data-testid="run-progress"
      data-run-node={nodeId}
      title={`Node ${nodeId}`}
      style={{ whiteSpace: 'nowrap' }}
    >
      Running · {title}: {message}
    </span>
  );
}
