import { useState } from 'react';
import './node-error.css';

/** How much of an error a card shows before "details": enough for the cause. */
export const SHORT_ERROR_CHARS = 200;

/** Where to cut `message` for the short form: at a space near the limit, or at the limit. */
export function shortErrorCut(message: string, limit = SHORT_ERROR_CHARS): number {
  if (message.length <= limit) return message.length;
  const space = message.lastIndexOf(' ', limit);
  return space > limit * 0.75 ? space : limit;
}

/** A message that ends with an excerpt of the user's SQL and a caret line (see workers/user-sql.ts). */
interface Excerpt {
  head: string;
  source: string;
  /** 0-based index of the character the caret points at. */
  at: number;
  tail: string;
}

export function splitExcerpt(message: string): Excerpt | undefined {
  const m = /^([\s\S]*?):\n {2}(.*)\n {2}( *)\^(?:\n([\s\S]*))?$/.exec(message);
  if (!m) return undefined;
  return { head: m[1] as string, source: m[2] as string, at: (m[3] as string).length, tail: m[4] ?? '' };
}

/** The user's line with the word at the error underlined, in a monospace block. */
function ExcerptView({ excerpt }: { excerpt: Excerpt }) {
  const { source, at } = excerpt;
  const end = Math.max(at + 1, source.slice(at).search(/\s|$/) + at);
  return (
    <code className="node-error-excerpt" data-testid="node-error-excerpt">
      {source.slice(0, at)}
      <u>{source.slice(at, end) || ' '}</u>
      {source.slice(end)}
    </code>
  );
}

/**
 * A node's error: its first ~200 characters, the rest behind a "details" toggle. The whole
 * message stays in the element's text (hidden, not removed), so it can be copied and found.
 */
export function NodeError({ message }: { message: string }) {
  const [open, setOpen] = useState(false);
  const excerpt = splitExcerpt(message);
  if (excerpt && excerpt.head.length + excerpt.tail.length <= SHORT_ERROR_CHARS)
    return (
      <div className="node-error nodrag nowheel" data-testid="node-error">
        {excerpt.head}:
        <ExcerptView excerpt={excerpt} />
        {excerpt.tail}
      </div>
    );
  const cut = shortErrorCut(message);
  if (cut >= message.length)
    return (
      <div className="node-error nodrag nowheel" data-testid="node-error">
        {message}
      </div>
    );
  return (
    <div className={`node-error nodrag nowheel${open ? ' open' : ''}`} data-testid="node-error">
      {message.slice(0, cut)}
      <span className="node-error-rest" hidden={!open}>
        {message.slice(cut)}
      </span>
      {open ? ' ' : '… '}
      <button
        type="button"
        className="node-error-toggle"
        aria-expanded={open}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        {open ? 'less' : 'details'}
      </button>
    </div>
  );
}
