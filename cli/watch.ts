import { type Stats, unwatchFile, watchFile } from 'node:fs';

/**
 * Call `rerun` whenever one of `paths` changes or grows (rows appended), until `signal`
 * aborts. Files are polled (`fs.watchFile`): appends by another process, network shares and
 * editors that replace the file are all seen, unlike with inotify. Changes while a run is
 * going are gathered into one run after it.
 */
export async function watchInputs(
  paths: readonly string[],
  rerun: () => Promise<unknown>,
  signal: AbortSignal,
  intervalMs = 300,
): Promise<void> {
  let running: Promise<unknown> | undefined;
  let again = false;
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = rerun()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (again && !signal.aborted) {
          again = false;
          trigger();
        }
      });
  };
  const onChange = (now: Stats, before: Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) trigger();
  };
  for (const path of paths) watchFile(path, { interval: intervalMs }, onChange);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const path of paths) unwatchFile(path, onChange);
  await running;
}
