import { useEffect } from 'react';
import { useStore } from '../store/store';
import { copySelection, duplicateSelection, pasteClipboard } from './clipboard';

const NOT_TEXT = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color']);

/** Whether keys pressed at `target` are typing (so editor shortcuts must leave them alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

/** Text the user has selected on the page (Ctrl+C then copies that, not nodes). */
function hasTextSelection(): boolean {
  const sel = window.getSelection();
  return !!sel && !sel.isCollapsed && sel.toString().trim() !== '';
}

/** What Ctrl/Cmd + a key does in the editor, if anything. */
function modifiedAction(e: KeyboardEvent): (() => void) | undefined {
  const s = useStore.getState();
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? s.redo : s.undo;
  if (e.shiftKey) return undefined;
  switch (key) {
    case 'y':
      return s.redo;
    case 'c':
      return s.nodes.some((n) => n.selected) && !hasTextSelection() ? () => void copySelection() : undefined;
    case 'v':
      return () => void pasteClipboard();
    case 'd':
      return s.nodes.some((n) => n.selected) ? duplicateSelection : undefined;
    case 'a':
      return s.selectAll;
    default:
      return undefined;
  }
}

/**
 * Editor keys, anywhere on the page except while typing: undo (Ctrl/Cmd+Z), redo
 * (Ctrl/Cmd+Shift+Z, Ctrl+Y), copy/paste/duplicate (C/V/D), select all (A),
 * Delete/Backspace, and `/` for quick add.
 */
export function useShortcuts(openQuickAdd: () => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isTyping(e.target)) return;
      const s = useStore.getState();
      if ((e.ctrlKey || e.metaKey) && !e.altKey) {
        const act = modifiedAction(e);
        if (!act) return;
        e.preventDefault();
        act();
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        if (!s.nodes.some((n) => n.selected) && !s.edges.some((x) => x.selected)) return;
        e.preventDefault();
        s.deleteSelected();
      } else if (e.key === '/') {
        e.preventDefault();
        openQuickAdd();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openQuickAdd]);
}
