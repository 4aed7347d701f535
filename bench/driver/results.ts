/** One line of the results table. `ratio` is always ours ÷ baseline, in the row's unit. */
export interface Row {
  bench: string;
  measure: string;
  unit: Unit;
  ours: number | null;
  baseline?: { name: string; value: number | null };
  ratio?: number | null;
  /** The target on the ratio (or on `ours`, for absolute targets); `pass` null = not measured. */
  target?: { text: string; pass: boolean | null };
  note?: string;
}

/** `diff`: a small signed difference of two scores (printed in scientific notation). */
export type Unit = 'rows/s' | 'MB/s' | 'ms' | 'bytes' | 'samples/s' | 'x' | 'count' | 'diff';

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function ratioOf(ours: number | null, baseline: number | null): number | null {
  if (
    ours === null ||
    baseline === null ||
    !Number.isFinite(ours) ||
    !Number.isFinite(baseline) ||
    baseline === 0
  )
    return null;
  return ours / baseline;
}

function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(0)} MiB`;
    case 'MB/s':
      return `${value.toFixed(1)} MB/s`;
    case 'x':
      return `${value.toFixed(3)}`;
    case 'diff':
      return value.toExponential(1);
    case 'count':
      return `${value}`;
    default:
      return `${compact(value)} ${unit}`;
  }
}

export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

function resultText(row: Row): string {
  if (!row.target) return '';
  if (row.target.pass === null) return 'NOT RUN';
  return row.target.pass ? 'PASS' : 'FAIL';
}

const HEADERS = ['#', 'Measure', 'Ours', 'Baseline', 'Ours/base', 'Target', 'Result'];

function cells(row: Row): string[] {
  return [
    row.bench,
    row.measure,
    formatValue(row.ours, row.unit),
    row.baseline ? `${formatValue(row.baseline.value, row.unit)} (${row.baseline.name})` : '',
    row.baseline ? formatRatio(row.ratio) : '',
    row.target?.text ?? '',
    resultText(row),
  ];
}

/** A plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const all = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  const out = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-+-')];
  let last = '';
  for (const row of rows) {
    if (last && row.bench !== last) out.push('');
    last = row.bench;
    out.push(line(cells(row)));
    if (row.note) out.push(`${' '.repeat((widths[0] ?? 0) + 3)}  ↳ ${row.note}`);
  }
  return out.join('\n');
}

/** The same table as Markdown, for README.md. */
export function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const c = cells(row).map(esc);
    if (row.note) c[1] = `${c[1]}<br><sub>${esc(row.note)}</sub>`;
    out.push(`| ${c.join(' | ')} |`);
  }
  return out.join('\n');
}
