import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serializePipeline } from '../graph/pipeline-file';
import type { PipelineGraph } from '../shared/graph-types';
import { AUTOSAVE_KEY, BACKUP_KEY, readBackups } from '../storage/autosave';
import { MemoryStorage } from '../storage/memory-storage';
import { forgetBackup, keepMine, loadTheirs, startPersistence, usePersistence } from './persistence';
import { useStore } from './store';

// Downloads need a DOM; here it is enough to know one was offered.
vi.mock('../ui/download', () => ({ downloadBlob: vi.fn() }));

const sample: PipelineGraph = {
  name: 'Sample',
  nodes: [
    {
      id: 'n1',
      kind: 'ingest.sample',
      params: { dataset: 'sensors', rows: 10, seed: 1 },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};
const mine: PipelineGraph = { ...sample, name: 'Mine' };
const theirs: PipelineGraph = { ...sample, name: 'Theirs' };

let storage: MemoryStorage;
// Storage events reach a tab through `window`; Node has none, so give the module one.
const win = new EventTarget();

/** Another tab writes the autosave: the browser tells this tab with a storage event. */
function otherTabSaves(graph: PipelineGraph | null) {
  const text = graph ? serializePipeline(graph) : null;
  if (text === null) storage.removeItem(AUTOSAVE_KEY);
  else storage.setItem(AUTOSAVE_KEY, text);
  win.dispatchEvent(Object.assign(new Event('storage'), { key: AUTOSAVE_KEY, newValue: text }));
}

const stored = () => storage.getItem(AUTOSAVE_KEY);
const toasts = () => useStore.getState().toasts.map((t) => t.title);

beforeEach(() => {
  // Emptied first: the previous test's autosave still listens, and would save the empty graph.
  useStore.setState({ toasts: [], name: 'Untitled pipeline', nodes: [], edges: [] });
  storage = new MemoryStorage();
  globalThis.localStorage = storage;
  (globalThis as { window?: unknown }).window = win;
});

describe('startPersistence', () => {
  it('opens the sample on a first visit and saves it', () => {
    startPersistence(sample);
    expect(useStore.getState().name).toBe('Sample');
    expect(stored()).toBe(serializePipeline(sample));
  });

  it('opens the saved pipeline without writing it again', () => {
    storage.setItem(AUTOSAVE_KEY, serializePipeline(mine));
    const setItem = vi.spyOn(storage, 'setItem');
    startPersistence(sample);
    expect(useStore.getState().name).toBe('Mine');
    expect(setItem).not.toHaveBeenCalled();
  });

  it('an unreadable save is set aside as a backup, not overwritten by the sample', () => {
    storage.setItem(AUTOSAVE_KEY, '{"format":"pipewright/pipeline","version":99}');
    startPersistence(sample);
    expect(useStore.getState().name).toBe('Sample');
    const [backup] = usePersistence.getState().backups;
    expect(backup?.raw).toBe('{"format":"pipewright/pipeline","version":99}');
    expect(backup?.reasons.join(' ')).toMatch(/version 99/);
    expect(readBackups()).toHaveLength(1);
    expect(stored()).toBe(serializePipeline(sample));
  });

  it('an unreadable save that cannot be set aside (storage full) stays where it is until let go', () => {
    storage.setItem(AUTOSAVE_KEY, 'garbage');
    storage.full = true;
    startPersistence(sample);
    const { unstored } = usePersistence.getState();
    expect(unstored?.raw).toBe('garbage');
    expect(unstored?.reasons.join(' ')).toMatch(/storage for this site is full/);
    storage.full = false;
    useStore.getState().setName('Edited');
    expect(stored()).toBe('garbage');
    if (unstored) forgetBackup(unstored);
    expect(stored()).toContain('"name": "Edited"');
  });
});

describe('saving', () => {
  it('a full storage is reported once, naming the pipeline not saved, and recovery is reported', () => {
    startPersistence(sample);
    storage.full = true;
    useStore.getState().setName('Big');
    useStore.getState().setName('Bigger');
    expect(toasts()).toEqual(['Not saved: your latest changes to the pipeline "Big"']);
    expect(useStore.getState().toasts[0]?.lines[0]).toBe("The browser's storage for this site is full.");
    storage.full = false;
    useStore.getState().setName('Biggest');
    expect(toasts()).toContain('Saved again');
    expect(stored()).toContain('"name": "Biggest"');
  });

  it('edits do not overwrite what another tab saved meanwhile: the conflict is shown', () => {
    startPersistence(sample);
    otherTabSaves(theirs);
    expect(usePersistence.getState().conflict).toBe(true);
    useStore.getState().setName('Mine');
    expect(stored()).toBe(serializePipeline(theirs));
  });

  it('a write that finds another tab saved first (no event yet) is a conflict too', () => {
    startPersistence(sample);
    storage.setItem(AUTOSAVE_KEY, serializePipeline(theirs));
    useStore.getState().setName('Mine');
    expect(usePersistence.getState().conflict).toBe(true);
    expect(stored()).toBe(serializePipeline(theirs));
  });

  it('"Keep mine" saves this tab over the other', () => {
    startPersistence(sample);
    otherTabSaves(theirs);
    useStore.getState().setName('Mine');
    keepMine();
    expect(usePersistence.getState().conflict).toBe(false);
    expect(stored()).toContain('"name": "Mine"');
  });

  it('"Load theirs" opens the other tab\'s pipeline, and saving carries on', () => {
    startPersistence(sample);
    otherTabSaves(theirs);
    useStore.getState().setName('Mine');
    loadTheirs();
    expect(useStore.getState().name).toBe('Theirs');
    useStore.getState().setName('Theirs, edited');
    expect(stored()).toContain('"name": "Theirs, edited"');
  });

  it('another tab saving the same pipeline is no conflict', () => {
    startPersistence(sample);
    useStore.getState().setName('Same');
    otherTabSaves({ ...sample, name: 'Same' });
    expect(usePersistence.getState().conflict).toBe(false);
  });

  it('a save removed elsewhere is written again from this tab', () => {
    startPersistence(sample);
    otherTabSaves(null);
    expect(stored()).toBe(serializePipeline(sample));
  });
});

describe('backups', () => {
  it('forgetting a backup removes it from storage', () => {
    storage.setItem(AUTOSAVE_KEY, 'garbage');
    startPersistence(sample);
    const [backup] = usePersistence.getState().backups;
    if (backup) forgetBackup(backup);
    expect(usePersistence.getState().backups).toEqual([]);
    expect(storage.getItem(BACKUP_KEY)).toBeNull();
  });
});
