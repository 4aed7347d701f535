/** Edit distance between two names: insert, delete, replace, or swap two neighbours, one each. */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      // "chrun" for "churn": a swap is the commonest slip, so it costs one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      row[j] = d;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * What is wrong with `name` as a column of the upstream table, as the form says it while
 * the user types; undefined when it is fine, empty, or the columns are not known yet.
 */
export function columnProblem(name: string, columns: readonly string[]): string | undefined {
  const typed = name.trim();
  if (!typed || !columns.length || columns.includes(typed)) return undefined;
  // The closest name, if it is close enough to be a slip (about one wrong key in three).
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of columns) {
    const d = c.toLowerCase() === typed.toLowerCase() ? 0 : distance(typed, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const near = best !== undefined && bestDistance <= Math.max(1, Math.floor(typed.length / 3));
  return `No column "${typed}" in the input${near ? `: did you mean "${best}"?` : '.'}`;
}
