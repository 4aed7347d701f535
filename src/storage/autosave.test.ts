import { beforeEach, describe, expect, it } from 'vitest';
import { serializePipeline } from '../graph/pipeline-file';
import { getKind } from '../nodes/registry';
import type { PipelineGraph } from '../shared/graph-types';
import {
  AUTOSAVE_KEY,
  addBackup,
  autosaveText,
  BACKUP_KEY,
  discardBackup,
  LEGACY_KEY,
  readAutosave,
  readBackups,
  writeAutosave,
} from './autosave';
import { MemoryStorage } from './memory-storage';

const sampleNode = {
  id: 'a',
  kind: 'ingest.sample',
  params: { dataset: 'sensors', rows: 100, seed: 1 },
  position: { x: 0, y: 0 },
};
const graph: PipelineGraph = {
  name: 'Kept',
  nodes: [
    sampleNode,
    { id: 'b', kind: 'clean.filter', params: { where: 'true' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
};

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  globalThis.localStorage = storage;
});

describe('readAutosave', () => {
  it('reads back what was saved, as the pipeline file Export writes', () => {
    expect(writeAutosave(autosaveText(graph))).toEqual({ ok: true });
    expect(storage.getItem(AUTOSAVE_KEY)).toBe(serializePipeline(graph));
    const saved = readAutosave(getKind);
    expect(saved.status).toBe('ok');
    if (saved.status === 'ok') expect(saved.graph.nodes.map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('is none on a first visit', () => {
    expect(readAutosave(getKind)).toEqual({ status: 'none' });
  });

  it.each([
    ['corrupt JSON', '{"format":"pipewright/pi', /not JSON/],
    ['a wrongly shaped save', '{"nodes":"lots"}', /format/],
    [
      'a future version',
      JSON.stringify({ ...JSON.parse(serializePipeline(graph)), version: 99 }),
      /version 99/,
    ],
    [
      'an unknown node kind',
      serializePipeline({ ...graph, nodes: [{ ...sampleNode, kind: 'future.kind' }], edges: [] }),
      /unknown kind "future\.kind"/,
    ],
  ])('a save that is %s is unreadable, with why and the text verbatim', (_, raw, why) => {
    storage.setItem(AUTOSAVE_KEY, raw);
    const saved = readAutosave(getKind);
    expect(saved.status).toBe('unreadable');
    if (saved.status !== 'unreadable') return;
    expect(saved.raw).toBe(raw);
    expect(saved.key).toBe(AUTOSAVE_KEY);
    expect(saved.errors.join(' ')).toMatch(why);
  });

  it('reads the save of earlier versions (zustand persist) and drops it once saved anew', () => {
    storage.setItem(
      LEGACY_KEY,
      JSON.stringify({
        state: {
          name: 'Old',
          nodes: [
            {
              id: 'a',
              type: 'pw',
              position: { x: 1, y: 2 },
              data: { kind: 'ingest.sample', params: { dataset: 'sensors', rows: 5, seed: 1 } },
            },
          ],
          edges: [],
        },
        version: 1,
      }),
    );
    const saved = readAutosave(getKind);
    expect(saved.status === 'ok' && saved.legacy && saved.graph.name).toBe('Old');
    writeAutosave(autosaveText(graph));
    expect(storage.getItem(LEGACY_KEY)).toBeNull();
  });

  it('an old-format save of a future version is unreadable', () => {
    storage.setItem(LEGACY_KEY, JSON.stringify({ state: { nodes: [], edges: [] }, version: 7 }));
    const saved = readAutosave(getKind);
    expect(saved.status === 'unreadable' && saved.errors).toEqual([
      'The save has version 7; this app reads version 1.',
    ]);
  });
});

describe('writeAutosave', () => {
  it('a full storage is answered with why, not thrown', () => {
    storage.full = true;
    expect(writeAutosave(autosaveText(graph))).toEqual({
      ok: false,
      quota: true,
      reason: "the browser's storage for this site is full",
    });
  });
});

describe('backups', () => {
  const backup = { kind: 'unreadable' as const, title: 'Unreadable', reasons: ['bad'], fileName: 'x.json' };

  it('keep every save set aside until it is discarded', () => {
    const first = addBackup({ ...backup, raw: 'one' });
    const second = addBackup({ ...backup, raw: 'two' });
    expect(readBackups().map((b) => b.raw)).toEqual(['one', 'two']);
    if (first.ok) discardBackup(first.backup.id);
    expect(readBackups().map((b) => b.raw)).toEqual(['two']);
    if (second.ok) discardBackup(second.backup.id);
    expect(storage.getItem(BACKUP_KEY)).toBeNull();
  });

  it('a damaged backup list is offered whole rather than dropped', () => {
    storage.setItem(BACKUP_KEY, 'not a list');
    expect(readBackups()).toMatchObject([{ raw: 'not a list' }]);
  });

  it('a backup that does not fit says so', () => {
    storage.full = true;
    expect(addBackup({ ...backup, raw: 'x' })).toMatchObject({ ok: false, quota: true });
  });
});
