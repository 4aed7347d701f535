import { useId, useMemo, useState } from 'react';
import type { NodeKind } from '../nodes/define-node-kind';
import { NODE_KINDS } from '../nodes/registry';
import { CategoryIcon } from './CategoryIcon';
import { searchKinds } from './quick-add-search';
import { wiringHint } from './wiring-hint';

const WIDTH = 340;
const HEIGHT = 360;

/**
 * The quick-add box: a search over every node kind that inserts the chosen one where the
 * pointer was. Arrow keys move, Enter or a click inserts, Escape closes.
 */
export function QuickAdd({
  at,
  onPick,
  onClose,
}: {
  /** Where it opens, in pixels from the canvas's top-left corner. */
  at: { x: number; y: number; width: number; height: number };
  onPick(kind: string): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => searchKinds(NODE_KINDS, query), [query]);
  const current = Math.min(active, matches.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;
  const left = Math.max(8, Math.min(at.x, at.width - WIDTH - 8));
  const top = Math.max(8, Math.min(at.y, at.height - HEIGHT - 8));
  const pick = (k: NodeKind | undefined) => k && onPick(k.kind);

  return (
    <div
      className="quick-add"
      role="dialog"
      aria-label="Quick add node"
      style={{ left, top, width: WIDTH }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) onClose();
      }}
    >
      <input
        className="quick-add-input"
        role="combobox"
        aria-label="Node kind"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder="Add a node: type to search…"
        // biome-ignore lint/a11y/noAutofocus: the box opens on request (/ or double-click) to be typed in
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((current + step + matches.length) % Math.max(1, matches.length));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(matches[current]);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <div className="quick-add-list" role="listbox" id={listId} aria-label="Node kinds">
        {matches.map((k, i) => (
          <div
            key={k.kind}
            id={optionId(i)}
            role="option"
            tabIndex={-1}
            aria-selected={i === current}
            className={`quick-add-option${i === current ? ' active' : ''}`}
            data-kind={k.kind}
            // Keep focus in the input so the box does not close before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => pick(k)}
            onKeyDown={(e) => e.key === 'Enter' && pick(k)}
          >
            <CategoryIcon category={k.category} />
            <span className="quick-add-text">
              <span className="quick-add-title">
                {k.title}
                <span className="quick-add-cat">{k.category}</span>
              </span>
              <span className="quick-add-desc">{k.description}</span>
              {wiringHint(k) && (
                <span className="quick-add-hint-line" data-testid="wiring-hint">
                  {wiringHint(k)}
                </span>
              )}
            </span>
          </div>
        ))}
        {matches.length === 0 && <div className="quick-add-none">No node kind matches “{query}”.</div>}
      </div>
      <div className="quick-add-hint" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> add · <kbd>Esc</kbd> close
      </div>
    </div>
  );
}
