import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '..');
/** Folders below the app shell: they may be imported by src/app, never the reverse. */
const LOWER = ['inspector', 'engine', 'canvas', 'store', 'nodes', 'graph', 'shared', 'ui'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Relative specifiers of static imports, re-exports, dynamic imports and vi.mock paths. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)(['"])(\.[^'"]*)\1/g,
  ))
    found.push(m[2] as string);
  return found;
}

/** Every import, in `folders` of src/, of a module in src/app: `file → specifier`. */
function upwardImports(folders: readonly string[]): string[] {
  const app = join(SRC, 'app');
  const bad: string[] = [];
  for (const folder of folders)
    for (const file of sourceFiles(join(SRC, folder)))
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), spec);
        if (target === app || target.startsWith(`${app}/`)) bad.push(`${relative(SRC, file)} → ${spec}`);
      }
  return bad;
}

describe('layering', () => {
  it('no module below the app shell imports from src/app', () => {
    expect(upwardImports(LOWER)).toEqual([]);
  });

  it('finds an upward import in each form it can take', () => {
    // Built, not written out, so this file does not trip the scan itself.
    const app = ['..', 'app'].join('/');
    expect(
      specifiers(
        `import { a } from '${app}/a';\nexport * from "../${app}/b";\nconst c = import('${app}/c');\nvi.mock('${app}/d', () => ({}));`,
      ),
    ).toEqual([`${app}/a`, `../${app}/b`, `${app}/c`, `${app}/d`]);
  });
});
