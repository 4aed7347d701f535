import { AUTOSAVE_KEY } from './autosave';
import { readText, removeKey, type WriteResult, watchKey, writeText } from './local-store';

/**
 * The pipelines kept in this browser. Each has its own autosave key; the first one (the
 * pipeline every version before this one kept) keeps the original key, so old saves open
 * as they were. The list itself is a small index beside them.
 */
export const DEFAULT_PIPELINE = 'default';
export const INDEX_KEY = 'pipewright.pipelines';

export interface PipelineEntry {
  id: string;
  name: string;
  /** ISO time of the last save. */
  updatedAt: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function isPipelineId(id: string): boolean {
  return ID.test(id);
}

/** Where a pipeline's autosave lives. */
export function pipelineKey(id: string): string {
  return id === DEFAULT_PIPELINE ? AUTOSAVE_KEY : `${AUTOSAVE_KEY}.p.${id}`;
}

/** The pipeline an address names (`#/p/<id>`); the first pipeline when it names none. */
export function pipelineIdFromHash(hash: string): string {
  const m = /^#\/p\/([^/?#]+)$/.exec(hash);
  const id = m ? decodeURIComponent(m[1] as string) : '';
  return isPipelineId(id) ? id : DEFAULT_PIPELINE;
}

export function hashFor(id: string): string {
  return `#/p/${id}`;
}

export function newPipelineId(now = Date.now()): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function parseIndex(text: string | null): PipelineEntry[] {
  if (text === null) return [];
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return [];
    return list.flatMap((e: Partial<PipelineEntry>): PipelineEntry[] =>
      typeof e?.id === 'string' && isPipelineId(e.id)
        ? [
            {
              id: e.id,
              name: typeof e.name === 'string' ? e.name : 'Untitled pipeline',
              updatedAt: typeof e.updatedAt === 'string' ? e.updatedAt : '',
            },
          ]
        : [],
    );
  } catch {
    // A damaged index is rebuilt from the saves as they are next written.
    return [];
  }
}

/** Every pipeline listed, most recently saved first; the first pipeline's save counts even unlisted. */
export function readIndex(): PipelineEntry[] {
  const list = parseIndex(readText(INDEX_KEY)).filter((e) => readText(pipelineKey(e.id)) !== null);
  if (!list.some((e) => e.id === DEFAULT_PIPELINE) && readText(pipelineKey(DEFAULT_PIPELINE)) !== null)
    list.push({ id: DEFAULT_PIPELINE, name: nameInSave(DEFAULT_PIPELINE) ?? 'Pipeline', updatedAt: '' });
  return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** The name a pipeline's save holds (read without parsing the whole file's nodes). */
export function nameInSave(id: string): string | undefined {
  const text = readText(pipelineKey(id));
  if (text === null) return undefined;
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function writeIndex(list: PipelineEntry[]): WriteResult {
  return writeText(INDEX_KEY, JSON.stringify(list));
}

/** Record that pipeline `id` was saved under `name` now. */
export function touchEntry(id: string, name: string, now = new Date()): WriteResult {
  const rest = parseIndex(readText(INDEX_KEY)).filter((e) => e.id !== id);
  return writeIndex([{ id, name, updatedAt: now.toISOString() }, ...rest]);
}

/** Store a new pipeline's file under a fresh id; the id, or why it could not be stored. */
export function storePipeline(
  text: string,
  name: string,
): { ok: true; id: string } | (WriteResult & { ok: false }) {
  const id = newPipelineId();
  const written = writeText(pipelineKey(id), text);
  if (!written.ok) return written;
  const listed = touchEntry(id, name);
  if (!listed.ok) {
    removeKey(pipelineKey(id));
    return listed;
  }
  return { ok: true, id };
}

/** Forget a pipeline: its save and its line in the list. */
export function deletePipelineSave(id: string): void {
  removeKey(pipelineKey(id));
  writeIndex(parseIndex(readText(INDEX_KEY)).filter((e) => e.id !== id));
}

/** Call `onChange` when another tab changes the list of pipelines. */
export function watchIndex(onChange: () => void): () => void {
  return watchKey(INDEX_KEY, () => onChange());
}
