import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No module of the app imports itself through others. A cycle makes load order matter (a
 * value read during module evaluation can be undefined) and means two files cannot be
 * understood apart. Type-only imports count too: they tie the files together all the same.
 */

const ROOT = resolve(__dirname, '..');
const DIRS = ['src', 'workers'];

/** Cycles known and accepted, each as its files sorted (paths from the repository root). */
const ALLOWED: string[][] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
const SPECIFIER =
  /(?:^|[;\s])(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative imports of a source text (`?worker`-style query suffixes dropped). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.push(spec.replace(/\?.*$/, ''));
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
  ];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c) && statSync(c).isFile());
}

/**
 * The import cycles in `graph`: its strongly connected components of more than one file (or
 * a file importing itself), each as its files sorted. Every cycle lies inside one of them.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) out.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return out.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

describe('import cycles', () => {
  it('finds imports of every form and a cycle through them', () => {
    expect(
      importsOf(
        [
          "import { a } from './a';",
          "import type { B } from '../b';",
          "export { c } from './c';",
          "export * from './d/index';",
          "import './e.css';",
          "const w = import('./f');",
          "import Worker from './g.worker?worker';",
          "import { z } from 'zod';",
        ].join('\n'),
      ),
    ).toEqual(['./a', '../b', './c', './d/index', './e.css', './f', './g.worker']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a', 'e']],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('src/ and workers/ have none', () => {
    const files = DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(readFileSync(file, 'utf8'))
          .map((spec) => resolveImport(file, spec))
          .filter((f): f is string => f !== undefined),
      ]),
    );
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(ROOT, f)).sort());
    const allowed = new Set(ALLOWED.map((c) => c.join(' → ')));
    expect(cycles.map((c) => c.join(' → ')).filter((c) => !allowed.has(c))).toEqual([]);
  });
});
