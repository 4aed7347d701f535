import type { NodeKind } from '../nodes/define-node-kind';

/** Kinds matching every word of `query` (title, kind, category, description), best first. */
export function searchKinds(kinds: readonly NodeKind[], query: string): NodeKind[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...kinds];
  const score = (k: NodeKind) => {
    const title = k.title.toLowerCase();
    const hay = `${title} ${k.kind} ${k.category.toLowerCase()} ${k.description.toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) return -1;
    const first = words[0] ?? '';
    if (title.startsWith(first)) return 4;
    if (title.split(/\s+/).some((w) => w.startsWith(first))) return 3;
    if (title.includes(first)) return 2;
    return k.kind.includes(first) ? 1 : 0;
  };
  return kinds
    .map((k) => ({ k, s: score(k) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => b.s - a.s)
    .map((x) => x.k);
}
