import type { Category } from '../nodes/define-node-kind';

const GLYPH: Record<Category, string> = {
  Ingest: '⇣',
  Clean: '✧',
  Validate: '✓',
  Transform: '⟲',
  Features: '∑',
  Model: '◆',
  Monitor: '◎',
  Visualize: '▥',
  Export: '⇡',
};

/** A small coloured badge for a node category. */
export function CategoryIcon({ category }: { category: Category }) {
  return (
    <span className={`cat-icon cat-icon-${category.toLowerCase()}`} aria-hidden="true">
      {GLYPH[category]}
    </span>
  );
}
