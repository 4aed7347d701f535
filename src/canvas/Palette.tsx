import { useState } from 'react';
import { CATEGORIES, NODE_KINDS } from '../nodes/registry';
import { placeNewNodes } from '../store/placement';
import { useStore } from '../store/store';
import { KIND_MIME } from './Canvas';
import { CategoryIcon } from './CategoryIcon';
import { wiringHint } from './wiring-hint';

/** The node palette: every kind from the registry, grouped by category; drag or click to add. */
export function Palette() {
  const [filter, setFilter] = useState('');
  const q = filter.trim().toLowerCase();
  const kinds = NODE_KINDS.filter(
    (k) =>
      !q ||
      k.title.toLowerCase().includes(q) ||
      k.kind.includes(q) ||
      k.description.toLowerCase().includes(q),
  );
  // A click adds the node in a free slot near the middle of the canvas, never on another.
  const addAtCenter = (kind: string) => {
    const [slot] = placeNewNodes(1) ?? [];
    useStore.getState().addNode(kind, slot ?? { x: 0, y: 0 });
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {CATEGORIES.map((cat) => {
        const items = kinds.filter((k) => k.category === cat);
        if (!items.length) return null;
        return (
          <section key={cat} className="palette-group">
            <h3>{cat}</h3>
            {items.map((k) => (
              <button
                type="button"
                key={k.kind}
                className="palette-item"
                draggable
                data-kind={k.kind}
                title={[k.description, wiringHint(k)].filter(Boolean).join('\n\n')}
                data-hint={wiringHint(k) ? 'leak-free' : undefined}
                aria-label={`Add ${k.title} node`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_MIME, k.kind);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => addAtCenter(k.kind)}
              >
                <CategoryIcon category={k.category} />
                <span>{k.title}</span>
              </button>
            ))}
          </section>
        );
      })}
    </aside>
  );
}
