import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from './registry';

// Kinds describe themselves (subtitle, card actions, file params, report schema): code
// outside src/nodes/ reads those fields instead of testing which kind a node is, so a new
// kind needs no edits elsewhere. Tests, templates and benchmarks may name kinds to build graphs.

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'workers', 'cli'];
const SKIPPED = [join('src', 'nodes'), join('workers', 'testing')];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lines of `source` that branch on one of `kinds` by its name: `=== 'k'`, `'k' !==`, `case 'k'`, `['k'].includes`. */
export function kindComparisons(source: string, kinds: readonly string[]): string[] {
  const name = `['"\`](?:${kinds.map(escapeRegExp).join('|')})['"\`]`;
  const pattern = new RegExp(
    `(?:[=!]==?\\s*${name})|(?:${name}\\s*[=!]==?)|(?:\\bcase\\s+${name})|(?:${name}[^\\]\\n]*\\]\\s*\\.(?:includes|indexOf)\\()`,
  );
  return source.split('\n').filter((line) => pattern.test(line));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (SKIPPED.includes(relative(ROOT, path))) return [];
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const KINDS = NODE_KINDS.map((k) => k.kind);

describe('kind names outside src/nodes/', () => {
  it('finds the ways code branches on a kind name', () => {
    const found = kindComparisons(
      [
        "if (node.kind === 'ingest.file') x();",
        "if ('export.model' !== kind.kind) y();",
        "  case 'model.train':",
        "const fits = ['clean.impute', 'features.scale'].includes(kind);",
        "const graph = [node('ingest.file', {})];",
        "addNode('export.data', at);",
        "if (kind === 'ingest.files') z();",
      ].join('\n'),
      KINDS,
    );
    expect(found).toHaveLength(4);
  });

  it('no source file outside src/nodes/ branches on a kind name', () => {
    const offenders = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
      kindComparisons(readFileSync(file, 'utf8'), KINDS).map(
        (line) => `${relative(ROOT, file)}: ${line.trim()}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
