import { create } from 'zustand';
import { parsePipelineFile, pipelineFileName } from '../graph/pipeline-file';
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
import {
  DEFAULT_PIPELINE,
  deletePipelineSave,
  hashFor,
  nameInSave,
  pipelineKey,
  readIndex,
  storePipeline,
  touchEntry,
} from '../storage/workspace';
import { downloadBlob } from '../ui/download';
import { fromPipelineGraph } from './graph-convert';
import { emptyHistory, type History } from './history';
import { initialRunState } from './run-reducer';
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
// The pipeline this tab has open (its address is `#/p/<id>`) and where its autosave lives.
let pipelineId = DEFAULT_PIPELINE;
let key = pipelineKey(DEFAULT_PIPELINE);
// Undo histories of the pipelines opened in this tab, so switching back keeps them.
const histories = new Map<string, History>();
// What a first pipeline starts from when there is none.
let startSample: PipelineGraph = { name: 'Untitled pipeline', nodes: [], edges: [] };

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function save(): void {
  const { conflict, unstored } = usePersistence.getState();
  if (conflict || unstored) return;
  const stored = storedAutosave(key);
  if (stored !== null && stored !== base && stored !== current) {
    usePersistence.setState({ conflict: true });
    return;
  }
  if (stored === current) {
    base = current;
    return;
  }
  const result = writeAutosave(current, key);
  const { notify, name } = useStore.getState();
  if (result.ok) {
    base = current;
    touchEntry(pipelineId, name);
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
export function startPersistence(sample: PipelineGraph, id: string = DEFAULT_PIPELINE): void {
  stop?.();
  pipelineId = id;
  key = pipelineKey(id);
  base = null;
  current = '';
  failing = false;
  unstoredKey = undefined;
  usePersistence.setState({ backups: readBackups(), unstored: undefined, conflict: false });

  const saved = readAutosave(getKind, key);
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
  const unwatch = watchAutosave(onOtherTab, key);
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
  const saved = readAutosave(getKind, key);
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
  base = storedAutosave(key);
  save();
}

/** Save this tab's pipeline over the one another tab saved: the user chose so. */
export function keepMine(): void {
  const saved = readAutosave(getKind, key);
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
  base = storedAutosave(key);
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

/** The pipeline this tab has open. */
export function openPipelineId(): string {
  return pipelineId;
}

/**
 * Open pipeline `id` in this tab (its address changed): the open one keeps its save and, for
 * this tab's lifetime, its undo history; run results shown are the new pipeline's (none yet).
 */
export function switchPipeline(id: string, sample: PipelineGraph): void {
  if (id === pipelineId) return;
  if (id !== DEFAULT_PIPELINE && storedAutosave(pipelineKey(id)) === null) {
    useStore
      .getState()
      .notify('error', 'That pipeline is not in this browser', [
        'It was deleted, or saved in another browser. The first pipeline is open instead.',
      ]);
    id = DEFAULT_PIPELINE;
    if (typeof window !== 'undefined') window.history.replaceState(null, '', hashFor(id));
    if (id === pipelineId) return;
  }
  histories.set(pipelineId, useStore.getState().history);
  startPersistence(sample, id);
  const { name, nodes, edges } = useStore.getState();
  useStore.setState({
    run: initialRunState,
    saved: { name, nodes, edges },
    history: histories.get(id) ?? emptyHistory,
  });
}

/** Keep `graph` as a new pipeline and open it (its own address); false when it could not be kept. */
export function createPipeline(graph: PipelineGraph): boolean {
  const stored = storePipeline(autosaveText(graph), graph.name);
  if (!stored.ok) {
    useStore
      .getState()
      .notify('error', `Not created: "${graph.name}"`, [
        `${capitalise(stored.reason)}.`,
        'Delete pipelines you no longer need, or export this one.',
      ]);
    return false;
  }
  navigateTo(stored.id);
  return true;
}

/** A copy of pipeline `id` as a new pipeline, opened. */
export function duplicatePipeline(id: string): boolean {
  const text =
    id === pipelineId ? autosaveText(useStore.getState().graph()) : storedAutosave(pipelineKey(id));
  const saved = text === null ? undefined : parsePipelineFileText(text);
  if (!saved) return false;
  return createPipeline({ ...saved, name: `${saved.name} (copy)` });
}

/** A stored pipeline file read with the import checks; undefined when it does not pass them. */
function parsePipelineFileText(text: string): PipelineGraph | undefined {
  const parsed = parsePipelineFile(text, getKind);
  return parsed.ok ? parsed.graph : undefined;
}

/** Rename pipeline `id` (the open one through the store, another by rewriting its save). */
export function renamePipeline(id: string, name: string): void {
  if (id === pipelineId) {
    useStore.getState().setName(name);
    return;
  }
  const text = storedAutosave(pipelineKey(id));
  const graph = text === null ? undefined : parsePipelineFileText(text);
  if (!graph) return;
  const result = writeAutosave(autosaveText({ ...graph, name }), pipelineKey(id));
  if (result.ok) touchEntry(id, name);
  else useStore.getState().notify('error', `Not renamed: "${graph.name}"`, [`${capitalise(result.reason)}.`]);
}

/** The uploaded files a pipeline's nodes read (their kinds' file params). */
export function filesOf(graph: PipelineGraph): Set<string> {
  const names = new Set<string>();
  for (const n of graph.nodes)
    for (const p of getKind(n.kind)?.fileParams ?? []) {
      const v = n.params[p];
      if (typeof v === 'string' && v) names.add(v);
    }
  return names;
}

/** Uploaded files only pipeline `id` reads: no other kept pipeline (nor the open one) names them. */
function filesOnlyIn(id: string): string[] {
  const text =
    id === pipelineId ? autosaveText(useStore.getState().graph()) : storedAutosave(pipelineKey(id));
  const graph = text === null ? undefined : parsePipelineFileText(text);
  if (!graph) return [];
  const elsewhere = new Set<string>();
  for (const e of readIndex()) {
    if (e.id === id) continue;
    const other =
      e.id === pipelineId
        ? useStore.getState().graph()
        : (() => {
            const t = storedAutosave(pipelineKey(e.id));
            return t === null ? undefined : parsePipelineFileText(t);
          })();
    for (const f of other ? filesOf(other) : []) elsewhere.add(f);
  }
  return [...filesOf(graph)].filter((f) => !elsewhere.has(f));
}

/**
 * Delete pipeline `id`; deleting the open one opens the most recent other (or a new sample).
 * Gives the uploaded files no other pipeline reads, for the caller to let go of.
 */
export function deletePipeline(id: string): string[] {
  const orphans = filesOnlyIn(id);
  deletePipelineSave(id);
  histories.delete(id);
  if (id !== pipelineId) return orphans;
  const next = readIndex().find((e) => e.id !== id);
  if (next) {
    navigateTo(next.id);
    return orphans;
  }
  // Nothing left: the first pipeline starts again from the sample.
  stop?.();
  writeAutosave(autosaveText(startSample), pipelineKey(DEFAULT_PIPELINE));
  pipelineId = '';
  navigateTo(DEFAULT_PIPELINE);
  return orphans;
}

/** Export pipeline `id`'s file (the open one as it is now). */
export function exportPipelineById(id: string): void {
  const text =
    id === pipelineId ? autosaveText(useStore.getState().graph()) : storedAutosave(pipelineKey(id));
  if (text === null) return;
  downloadBlob(text, pipelineFileName(nameInSave(id) ?? useStore.getState().name), 'application/json');
}

/** Open pipeline `id` now and give it its address (the hashchange that follows finds it open). */
function navigateTo(id: string): void {
  switchPipeline(id, startSample);
  if (typeof window !== 'undefined' && window.location.hash !== hashFor(id))
    window.location.hash = hashFor(id);
}

/** Open the pipeline the address names at start-up (the first one when it names none or a gone one). */
export function startWorkspace(sample: PipelineGraph, id: string): void {
  startSample = sample;
  if (id !== DEFAULT_PIPELINE && storedAutosave(pipelineKey(id)) === null) {
    if (typeof window !== 'undefined') window.history.replaceState(null, '', hashFor(DEFAULT_PIPELINE));
    startPersistence(sample, DEFAULT_PIPELINE);
    useStore
      .getState()
      .notify('error', 'That pipeline is not in this browser', [
        'It was deleted, or saved in another browser. The first pipeline is open instead.',
      ]);
    return;
  }
  startPersistence(sample, id);
}
