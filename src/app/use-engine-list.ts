import { useCallback, useEffect, useState } from 'react';
import { useStore } from '../store/store';

/**
 * A list the engine keeps (datasets, registered models), loaded when shown and again when
 * the window hears `changed` (another part of the app saved one); `reload` after an edit.
 */
export function useEngineList<T>(fetch: () => Promise<T[]>, changed: string, what: string) {
  const [items, setItems] = useState<T[]>();
  const notify = useStore((s) => s.notify);
  const reload = useCallback(
    () =>
      void fetch()
        .then(setItems)
        .catch((err) => notify('error', `${what} could not be listed`, [String(err)])),
    [fetch, notify, what],
  );
  useEffect(() => {
    reload();
    window.addEventListener(changed, reload);
    return () => window.removeEventListener(changed, reload);
  }, [reload, changed]);
  return { items, reload };
}
