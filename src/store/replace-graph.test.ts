import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../shared/graph-types';
import { replaceGraph, replacingLosesWork } from './replace-graph';
import { useStore } from './store';

const open: PipelineGraph = {
  name: 'Open',
  nodes: [{ id: 'a', kind: 'transform.sql', params: { sql: 'SELECT 1' }, position: { x: 0, y: 0 } }],
  edges: [],
};
const incoming: PipelineGraph = { ...open, name: 'Incoming' };

const s = () => useStore.getState();

/** Replace with `incoming`, answering `answer`; the questions asked. */
function replaceAnswering(answer: boolean): { replaced: boolean; questions: string[] } {
  const questions: string[] = [];
  const replaced = replaceGraph(structuredClone(incoming), 'incoming.pipeline.json', (q) => {
    questions.push(q);
    return answer;
  });
  return { replaced, questions };
}

beforeEach(() => {
  useStore.setState({ nodes: [], edges: [], history: { past: [], future: [] } });
  s().loadGraph(structuredClone(open));
});

describe('replacing the open graph', () => {
  it('opens without asking when nothing changed since the graph was opened', () => {
    expect(replaceAnswering(false)).toEqual({ replaced: true, questions: [] });
    expect(s().name).toBe('Incoming');
  });

  it('asks when there are unsaved edits; no keeps them, yes replaces them', () => {
    s().updateParams('a', { sql: 'SELECT 2' });
    const no = replaceAnswering(false);
    expect(no.replaced).toBe(false);
    expect(no.questions).toEqual([
      'Open "incoming.pipeline.json"? The current pipeline has unsaved changes, which will be replaced.',
    ]);
    expect(s().name).toBe('Open');
    expect(s().nodes[0]?.data.params.sql).toBe('SELECT 2');
    expect(replaceAnswering(true)).toMatchObject({ replaced: true });
    expect(s().name).toBe('Incoming');
    expect(s().hasUnsavedChanges()).toBe(false);
  });

  it('does not ask after an export (saved) or over an empty canvas', () => {
    s().updateParams('a', { sql: 'SELECT 2' });
    s().markSaved();
    expect(replacingLosesWork(s())).toBe(false);
    s().removeNodes(['a']);
    expect(s().hasUnsavedChanges()).toBe(true);
    expect(replacingLosesWork(s())).toBe(false);
    expect(replaceAnswering(false).questions).toEqual([]);
  });
});

describe('one way to replace the graph', () => {
  const root = resolve(__dirname, '../..');
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
    });
  const filesWith = (pattern: RegExp) =>
    sources(join(root, 'src'))
      .filter((f) => pattern.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f))
      .sort();

  it('the UI replaces the graph only through replaceGraph, and asks about unsaved changes only there', () => {
    // app-state.ts declares it, store.ts defines it; persistence.ts replaces the graph on the
    // user's explicit choice (the other tab's version, Reset) or with nothing to lose (start).
    expect(filesWith(/\bloadGraph\(/)).toEqual([
      'src/store/app-state.ts',
      'src/store/persistence.ts',
      'src/store/replace-graph.ts',
      'src/store/store.ts',
    ]);
    expect(filesWith(/unsaved changes, which will be replaced/)).toEqual(['src/store/replace-graph.ts']);
  });
});
