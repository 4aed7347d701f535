import type { EngineEvent } from '../shared/protocol';
import type { ReceivedEvent } from '../store/run-reducer';

export interface EventBatcher {
  /** Keep an event, stamped with when it arrived; it is handed over within `intervalMs`. */
  push(event: EngineEvent): void;
  /** Hand over what is kept now. */
  flush(): void;
}

/**
 * Collect engine events and hand them to `apply` in batches, at most one per `intervalMs`.
 * A big run sends several events per node; applied one by one, each one re-rendered the
 * app (a 5,000-node run queues 5,000 nodes in one burst).
 */
export function createEventBatcher(apply: (batch: ReceivedEvent[]) => void, intervalMs = 16): EventBatcher {
  let pending: ReceivedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length) apply(batch);
  };
  return {
    push(event) {
      pending.push({ event, receivedAt: performance.now() });
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}
