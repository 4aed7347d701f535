/** Statements a read-only source may start with; PostgreSQL itself enforces the rest. */
const READ_KEYWORDS = new Set(['select', 'with', 'values', 'table']);

/**
 * Why `query` is not one read-only SELECT, judged by its first word (after comments and
 * opening brackets) so the user gets a plain message. This is only the message: the
 * command-line runner also runs the query as a cursor (PostgreSQL accepts only a SELECT or
 * VALUES there, no data-modifying WITH), over the extended protocol (one statement), in a
 * READ ONLY transaction.
 */
export function readOnlyQueryProblem(query: string): string | undefined {
  let rest = query;
  for (;;) {
    const trimmed = rest.replace(/^[\s(]+/, '');
    if (trimmed.startsWith('--')) rest = trimmed.slice(trimmed.indexOf('\n') + 1 || trimmed.length);
    else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      rest = trimmed;
      break;
    }
  }
  const word = /^[A-Za-z_]+/.exec(rest)?.[0];
  if (!word) return 'Query is empty: write one SELECT, or name a table instead.';
  if (!READ_KEYWORDS.has(word.toLowerCase()))
    return `Query must be one read-only SELECT: a ${word.toUpperCase()} statement is refused.`;
  return undefined;
}

/** `table` or `schema.table` as its parts, or undefined when it is not that shape. */
export function tableParts(table: string): string[] | undefined {
  const parts = table.trim().split('.');
  return parts.length <= 2 && parts.every((p) => p.trim() !== '') ? parts.map((p) => p.trim()) : undefined;
}
