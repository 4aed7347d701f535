import { create } from 'zustand';
import { downloadBlob } from '../app/download';
import { pipelineFileName } from '../graph/pipeline-file';
import { getKind } from '../nodes/registry';
import type { PipelineGraph } from '../shared/graph-types';
import type { FileKeepResult } from '../shared/protocol';
import {
  addBackup,
  autosaveText,
  type Backup,
  backupFileName,
  discardBackup,
  readAutosave,
  readBackups,
  removeAutosave,
  storedAutosave,
  watchAutosave,
  writeAutosave,
} from '../storage/autosave';
import { onStorageProblem } from '../storage/problems';
import { fromPipelineGraph } from './graph-convert';
import { useStore } from './store';

/** What the storage banner shows. */
export interface PersistenceState {
  /** Saves set aside (unreadable, or by Reset), downloadable until discarded. */
  backups: Backup[];
  /**
   * A backup that could not be stored (storage full): it lives only in this tab, and the
   * autosave it came from is not overwritten until the user downloads or discards it.
   */
  unstored?: Backup;
  /** Another tab saved a different pipeline: nothing is saved here until the user chooses. */
  conflict: boolean;
}

export const usePersistence = create<PersistenceState>(() => ({ backups: [], conflict: false }));

// The stored text this tab last loaded or wrote. Stored text that differs from it (and from
// what this tab holds) was written by another tab: overwriting it would lose their edits.
let base: string | null = null;
// The graph as last saved or compared, so a change that is not an edit (selection, a
// node's measured size, run events) costs no write.
let current = '';
// Whether the last write failed: the user hears once per failing streak, and when it ends.
let failing = false;
// Where the unstored backup was read from: it is not overwritten until the user lets go of it.
let unstoredKey: string | undefined;
let stop: (() => void) | undefined;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function save(): void {
  const { conflict, unstored } = usePersistence.getState();
  if (conflict || unstored) return;
  const stored = storedAutosave();
  if (stored !== null && stored !== base && stored !== current) {
    usePersistence.setState({ conflict: true });
    return;
  }
  if (stored === current) {
    base = current;
    return;
  }
  const result = writeAutosave(current);
  const { notify, name } = useStore.getState();
  if (result.ok) {
    base = current;
    if (failing) notify('info', 'Saved again', [`The pipeline "${name}" is saved in this browser.`]);
    failing = false;
    return;
  }
  if (failing) return;
  failing = true;
  notify('error', `Not saved: your latest changes to the pipeline "${name}"`, [
    `${capitalise(result.reason)}.`,
    'They are kept in this tab only: use Export pipeline to keep a copy. Each further change tries to save again.',
  ]);
}

/** Compare the graph with what was last saved, and save it when it changed. */
function sync(): void {
  const text = autosaveText(useStore.getState().graph());
  if (text === current) return;
  current = text;
  save();
}

function onOtherTab(text: string | null): void {
  if (text === base) {
    // The other tab went back to what this one last saw: nothing of theirs would be lost.
    if (usePersistence.getState().conflict) {
      usePersistence.setState({ conflict: false });
      save();
    }
    return;
  }
  if (text === null) {
    // The save was removed elsewhere (storage cleared): this tab's pipeline is all there is.
    base = null;
    save();
    return;
  }
  if (text === current) {
    base = text;
    usePersistence.setState({ conflict: false });
    return;
  }
  usePersistence.setState({ conflict: true });
}

/**
 * Keep `backup` aside, or in memory when storage is full: then it stays under `fromKey` too,
 * and nothing is saved until the user lets go of it. False when only memory has it.
 */
function keepBackup(
  backup: Pick<Backup, 'title' | 'reasons' | 'raw' | 'fileName'>,
  fromKey: string,
): boolean {
  const result = addBackup({ ...backup, kind: 'unreadable' });
  if (result.ok) {
    usePersistence.setState({ backups: readBackups() });
    return true;
  }
  const inMemory: Backup = {
    ...backup,
    kind: 'unreadable',
    id: 'unstored',
    at: new Date().toISOString(),
    reasons: [...backup.reasons, `It could not be kept in the browser: ${result.reason}. Download it now.`],
  };
  unstoredKey = fromKey;
  usePersistence.setState({ unstored: inMemory });
  return false;
}

/**
 * Open the saved pipeline (or `sample` when there is none, or it cannot be read, which is
 * set aside as a backup), then save every edit and watch the other tabs.
 */
export function startPersistence(sample: PipelineGraph): void {
  stop?.();
  base = null;
  current = '';
  failing = false;
  unstoredKey = undefined;
  usePersistence.setState({ backups: readBackups(), unstored: undefined, conflict: false });

  const saved = readAutosave(getKind);
  if (saved.status === 'ok') {
    // Restored, not opened: the undo history and the unsaved-changes marker stay as they were.
    useStore.setState({ name: saved.graph.name, ...fromPipelineGraph(saved.graph) });
    // An old-format save is rewritten in this version's format straight away.
    base = saved.legacy ? null : saved.text;
    current = saved.legacy ? '' : autosaveText(useStore.getState().graph());
  } else {
    if (saved.status === 'unreadable') {
      const kept = keepBackup(
        {
          title: 'Your saved pipeline could not be read, so the sample pipeline is open',
          reasons: saved.errors,
          raw: saved.raw,
          fileName: backupFileName('unreadable-save', '.json'),
        },
        saved.key,
      );
      // Set aside: the sample may take its place. Not set aside: it stays where it is.
      if (kept) removeAutosave(saved.key);
    }
    useStore.getState().loadGraph(structuredClone(sample));
  }
  sync();

  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.nodes !== prev.nodes || s.edges !== prev.edges || s.name !== prev.name) sync();
  });
  const unwatch = watchAutosave(onOtherTab);
  const unreport = onStorageProblem(({ what, reason }) =>
    useStore.getState().notify('error', `Not saved: ${what}`, [`${capitalise(reason)}.`]),
  );
  stop = () => {
    unsubscribe();
    unwatch();
    unreport();
  };
}

/** Replace this tab's pipeline with the one another tab saved. */
export function loadTheirs(): void {
  const saved = readAutosave(getKind);
  usePersistence.setState({ conflict: false });
  if (saved.status === 'ok') {
    base = saved.text;
    useStore.getState().loadGraph(saved.graph);
    useStore.getState().notify('info', `Opened "${saved.graph.name}" as the other tab saved it`);
    return;
  }
  if (saved.status === 'unreadable') {
    // A newer version of the app, say: keep theirs aside rather than lose it, and keep ours.
    if (
      !keepBackup(
        {
          title: "The other tab's pipeline could not be read here, so yours stays open",
          reasons: saved.errors,
          raw: saved.raw,
          fileName: backupFileName('other-tab-save', '.json'),
        },
        saved.key,
      )
    )
      return;
  }
  base = storedAutosave();
  save();
}

/** Save this tab's pipeline over the one another tab saved: the user chose so. */
export function keepMine(): void {
  const saved = readAutosave(getKind);
  if (saved.status === 'unreadable')
    if (
      !keepBackup(
        {
          title: "The other tab's pipeline could not be read here and was set aside",
          reasons: saved.errors,
          raw: saved.raw,
          fileName: backupFileName('other-tab-save', '.json'),
        },
        saved.key,
      )
    )
      return;
  base = storedAutosave();
  usePersistence.setState({ conflict: false });
  save();
}

/**
 * Set the loaded pipeline aside as a backup and open `sample` (Reset after a crash). When
 * storage is full the pipeline is downloaded instead, so it is never simply dropped.
 */
export function resetToSample(sample: PipelineGraph, why: string): void {
  const graph = useStore.getState().graph();
  const raw = autosaveText(graph);
  const result = addBackup({
    kind: 'set-aside',
    title: `"${graph.name}" was set aside when the app was reset`,
    reasons: [why],
    raw,
    fileName: backupFileName(graph.name.replace(/[\\/:*?"<>|]+/g, '-') || 'pipeline', '.pipeline.json'),
  });
  if (result.ok) usePersistence.setState({ backups: readBackups() });
  else downloadBlob(raw, pipelineFileName(graph.name), 'application/json');
  useStore.getState().loadGraph(structuredClone(sample));
}

export function downloadBackup(backup: Backup): void {
  downloadBlob(backup.raw, backup.fileName, 'application/json');
}

/** Forget a backup; an unstored one frees the autosave it was read from. */
export function forgetBackup(backup: Backup): void {
  if (usePersistence.getState().unstored?.id === backup.id) {
    if (unstoredKey) removeAutosave(unstoredKey);
    unstoredKey = undefined;
    usePersistence.setState({ unstored: undefined });
    save();
    return;
  }
  discardBackup(backup.id);
  usePersistence.setState({ backups: readBackups() });
}

/** An uploaded file could not be kept for later visits: say so, and that it works for now. */
export function reportFileKept(result: FileKeepResult): void {
  if (result.kept) return;
  useStore
    .getState()
    .notify('error', `Not kept: "${result.name}"`, [
      `${capitalise(result.reason)}, so the file was not kept in this browser.`,
      'It works in this session; after a reload, upload it again.',
    ]);
}
