import { parsePipelineFile, serializePipeline } from '../graph/pipeline-file';
import type { KindLookup } from '../graph/validate';
import type { PipelineGraph } from '../shared/graph-types';
import { readText, removeKey, type WriteResult, watchKey, writeText } from './local-store';

/**
 * The autosave is a pipeline file, byte for byte what Export pipeline writes, so it is read
 * back with the Import pipeline checks and nothing half-valid ever reaches the canvas.
 */
export const AUTOSAVE_KEY = 'pipewright.autosave';
/** Where versions up to this one kept the graph (zustand's persist format). */
export const LEGACY_KEY = 'pipewright.graph.v1';
/** Saves that could not be read and pipelines set aside by Reset: kept until the user discards them. */
export const BACKUP_KEY = 'pipewright.autosave.backups';

export type SavedPipeline =
  | { status: 'none' }
  /** `text` is what is stored (the tab's agreed base); `legacy` when it came from LEGACY_KEY. */
  | { status: 'ok'; graph: PipelineGraph; text: string; legacy: boolean }
  | { status: 'unreadable'; raw: string; errors: string[]; key: string };

/** A save set aside: what it held, verbatim, and why it was set aside. */
export interface Backup {
  id: string;
  /** An unreadable save, or a readable pipeline set aside (by Reset). */
  kind: 'unreadable' | 'set-aside';
  title: string;
  reasons: string[];
  raw: string;
  /** What the download is called. */
  fileName: string;
  at: string;
}

/** zustand's persist envelope of the old key → a pipeline file, or why it is not one. */
function legacyToPipelineFile(raw: string): string | string[] {
  let saved: unknown;
  try {
    saved = JSON.parse(raw);
  } catch (err) {
    return [`The save is not JSON (${(err as Error).message}).`];
  }
  const { state, version } = (saved ?? {}) as { state?: unknown; version?: unknown };
  if (version !== 1) return [`The save has version ${JSON.stringify(version)}; this app reads version 1.`];
  const s = (state ?? {}) as { name?: unknown; nodes?: unknown; edges?: unknown };
  if (!Array.isArray(s.nodes) || !Array.isArray(s.edges)) return ['The save holds no nodes and edges.'];
  // Shape errors inside nodes and edges are left to the pipeline file checks, which name the node.
  type LegacyNode = {
    id?: unknown;
    position?: unknown;
    data?: { kind?: unknown; params?: unknown; retries?: unknown };
  };
  type LegacyEdge = { source?: unknown; sourceHandle?: unknown; target?: unknown; targetHandle?: unknown };
  return JSON.stringify({
    format: 'pipewright/pipeline',
    version: 1,
    name: s.name,
    nodes: (s.nodes as LegacyNode[]).map((n) => ({
      id: n?.id,
      kind: n?.data?.kind,
      params: n?.data?.params,
      position: n?.position,
      retries: n?.data?.retries,
    })),
    edges: (s.edges as LegacyEdge[]).map((e) => ({
      source: e?.source,
      sourcePort: e?.sourceHandle,
      target: e?.target,
      targetPort: e?.targetHandle,
    })),
  });
}

/** Read the saved pipeline: this version's key first, else the old one. */
export function readAutosave(lookup: KindLookup, key: string = AUTOSAVE_KEY): SavedPipeline {
  const text = readText(key);
  if (text !== null) {
    const parsed = parsePipelineFile(text, lookup);
    return parsed.ok
      ? { status: 'ok', graph: parsed.graph, text, legacy: false }
      : { status: 'unreadable', raw: text, errors: parsed.errors, key };
  }
  // Only the first pipeline can have a save from before there were several.
  if (key !== AUTOSAVE_KEY) return { status: 'none' };
  const legacy = readText(LEGACY_KEY);
  if (legacy === null) return { status: 'none' };
  const file = legacyToPipelineFile(legacy);
  const parsed =
    typeof file === 'string' ? parsePipelineFile(file, lookup) : { ok: false as const, errors: file };
  return parsed.ok
    ? { status: 'ok', graph: parsed.graph, text: legacy, legacy: true }
    : { status: 'unreadable', raw: legacy, errors: parsed.errors, key: LEGACY_KEY };
}

/** The stored autosave text as it is now (null when there is none). */
export function storedAutosave(key: string = AUTOSAVE_KEY): string | null {
  return readText(key);
}

/** The text a graph is saved as; equal texts mean equal pipelines. */
export const autosaveText = (graph: PipelineGraph): string => serializePipeline(graph);

export function writeAutosave(text: string, key: string = AUTOSAVE_KEY): WriteResult {
  const result = writeText(key, text);
  // The old key is read only while the new one is missing: once saved here it is dead weight.
  if (result.ok && key === AUTOSAVE_KEY) removeKey(LEGACY_KEY);
  return result;
}

export function removeAutosave(key: string = AUTOSAVE_KEY): void {
  removeKey(key);
}

/** Another tab changed the autosave: its new text, or null when it was removed. */
export function watchAutosave(
  onChange: (text: string | null) => void,
  key: string = AUTOSAVE_KEY,
): () => void {
  return watchKey(key, onChange);
}

function parseBackups(text: string): Backup[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    list = undefined;
  }
  // A backup list that is itself damaged is offered whole, as one backup: never dropped.
  if (!Array.isArray(list))
    return [
      {
        id: 'damaged',
        kind: 'unreadable',
        title: 'A set-aside pipeline',
        reasons: [],
        raw: text,
        fileName: 'backup.json',
        at: '',
      },
    ];
  return list.flatMap((item: Partial<Backup>, i): Backup[] =>
    typeof item?.raw === 'string'
      ? [
          {
            id: typeof item.id === 'string' ? item.id : `b${i}`,
            kind: item.kind === 'set-aside' ? 'set-aside' : 'unreadable',
            title: typeof item.title === 'string' ? item.title : 'A set-aside pipeline',
            reasons: Array.isArray(item.reasons) ? item.reasons.filter((r) => typeof r === 'string') : [],
            raw: item.raw,
            fileName: typeof item.fileName === 'string' ? item.fileName : 'backup.json',
            at: typeof item.at === 'string' ? item.at : '',
          },
        ]
      : [],
  );
}

/** Every save set aside and not yet discarded, oldest first. */
export function readBackups(): Backup[] {
  const text = readText(BACKUP_KEY);
  return text === null ? [] : parseBackups(text);
}

/** Set `raw` aside next to earlier backups (none is ever replaced); the stored backup on success. */
export function addBackup(
  backup: Omit<Backup, 'id' | 'at'>,
  now = new Date(),
): { ok: true; backup: Backup } | (WriteResult & { ok: false }) {
  const stored: Backup = {
    ...backup,
    id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    at: now.toISOString(),
  };
  const result = writeText(BACKUP_KEY, JSON.stringify([...readBackups(), stored]));
  return result.ok ? { ok: true, backup: stored } : result;
}

export function discardBackup(id: string): void {
  const rest = readBackups().filter((b) => b.id !== id);
  if (rest.length) writeText(BACKUP_KEY, JSON.stringify(rest));
  else removeKey(BACKUP_KEY);
}

/** A download name with the moment it was set aside: `<prefix>-2025-01-31-14-05-09<suffix>`. */
export function backupFileName(prefix: string, suffix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replace(/[T:]/g, '-')}${suffix}`;
}
