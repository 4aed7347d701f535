/**
 * The form editor's view of Validate rules: plain objects as the rules param holds them
 * (its schema, in src/nodes/validate/rules.kind.ts, checks them on commit).
 */
export type RuleDraft = Record<string, unknown> & { type: string };

/** The rule types, in the order the form offers them, with a name for people. */
export const RULE_TYPES: readonly (readonly [string, string])[] = [
  ['between', 'between'],
  ['not_null', 'not null'],
  ['unique', 'unique'],
  ['in_set', 'one of'],
  ['regex', 'matches'],
  ['monotonic', 'non-decreasing'],
  ['row_count', 'row count'],
];

/** Which inputs a rule type has besides its type. */
export type RuleField = 'column' | 'columns' | 'min' | 'max' | 'values' | 'pattern' | 'by';

export function ruleFields(type: string): RuleField[] {
  switch (type) {
    case 'between':
      return ['column', 'min', 'max'];
    case 'not_null':
      return ['column'];
    case 'unique':
      return ['columns'];
    case 'in_set':
      return ['column', 'values'];
    case 'regex':
      return ['column', 'pattern'];
    case 'monotonic':
      return ['column', 'by'];
    case 'row_count':
      return ['min', 'max'];
    default:
      return [];
  }
}

/** The column(s) a rule is about, whichever field holds them. */
function columnsIn(rule: RuleDraft): string[] {
  if (typeof rule.column === 'string' && rule.column) return [rule.column];
  if (Array.isArray(rule.columns)) return rule.columns.filter((c): c is string => typeof c === 'string');
  return [];
}

/** A new rule of `type`, keeping the column (and bounds) of the rule it replaces where they fit. */
export function withType(rule: RuleDraft, type: string): RuleDraft {
  const fields = ruleFields(type);
  const cols = columnsIn(rule);
  const next: RuleDraft = { type };
  if (fields.includes('column')) next.column = cols[0] ?? '';
  if (fields.includes('columns')) next.columns = cols;
  if (fields.includes('min'))
    next.min = type === 'row_count' && typeof rule.min !== 'number' ? null : (rule.min ?? null);
  if (fields.includes('max'))
    next.max = type === 'row_count' && typeof rule.max !== 'number' ? null : (rule.max ?? null);
  if (fields.includes('values')) next.values = [];
  if (fields.includes('pattern')) next.pattern = '';
  if (fields.includes('by')) next.by = [];
  return next;
}

/** A new rule for the "Add rule" button: the first column not null. */
export function newRule(columns: readonly string[]): RuleDraft {
  return { type: 'not_null', column: columns[0] ?? '' };
}

/** A threshold as typed: blank is no bound, a number is a number, anything else (a date) text. */
export function parseBound(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** Comma-separated values: numbers and true/false as such, the rest as text ("…" keeps a number as text). */
export function parseValues(text: string): (string | number | boolean)[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => {
      if (/^".*"$/.test(v)) return v.slice(1, -1);
      if (v === 'true' || v === 'false') return v === 'true';
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    });
}

/** The values list as it is typed back: text that would read as a number or boolean is quoted. */
export function formatValues(values: unknown): string {
  if (!Array.isArray(values)) return '';
  return values
    .map((v) => (typeof v === 'string' && parseValues(v)[0] !== v ? `"${v}"` : String(v)))
    .join(', ');
}

/** Comma-separated column names. */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
