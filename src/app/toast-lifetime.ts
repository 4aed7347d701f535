import type { Toast } from '../store/store';

/** How long an info toast stays: long enough to read one line. */
export const INFO_TOAST_MS = 4000;
/** How long an error toast stays: errors carry more to read (a list of problems). */
export const ERROR_TOAST_MS = 8000;

/**
 * How long a toast stays before it goes away by itself (ms), or undefined when it waits for
 * the person: a toast with an action is there to be acted on.
 */
export function toastLifetime(toast: Pick<Toast, 'kind' | 'action'>): number | undefined {
  if (toast.action) return undefined;
  return toast.kind === 'error' ? ERROR_TOAST_MS : INFO_TOAST_MS;
}
