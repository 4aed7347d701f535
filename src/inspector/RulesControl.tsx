import { useEffect, useId, useState } from 'react';
import { columnProblem } from './column-match';
import { type ControlProps, JsonControl } from './controls';
import {
  formatValues,
  newRule,
  parseBound,
  parseNames,
  parseValues,
  RULE_TYPES,
  type RuleDraft,
  ruleFields,
  withType,
} from './rule-form';
import './rules-control.css';

/** A text input that commits on blur or Enter (one undoable edit, not one per key). */
function DraftInput({
  caption,
  label,
  value,
  placeholder,
  list,
  onCommit,
}: {
  /** The short word shown above it; `label` names it fully for assistive tech and tests. */
  caption: string;
  label: string;
  value: string;
  placeholder?: string;
  list?: string;
  onCommit(text: string): void;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label className="rule-part">
      <span>{caption}</span>
      <input
        type="text"
        aria-label={label}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== value && onCommit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (draft !== value) onCommit(draft);
          }
        }}
      />
    </label>
  );
}

const boundText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function RuleRow({
  n,
  rule,
  listId,
  columns,
  onChange,
  onRemove,
}: {
  n: number;
  rule: RuleDraft;
  listId?: string;
  columns: string[];
  onChange(rule: RuleDraft): void;
  onRemove(): void;
}) {
  const fields = ruleFields(rule.type);
  const set = (patch: Record<string, unknown>) => onChange({ ...rule, ...patch });
  const label = (what: string) => `Rule ${n} ${what}`;
  const column = typeof rule.column === 'string' ? rule.column : '';
  const warning = fields.includes('column') ? columnProblem(column, columns) : undefined;
  return (
    <li className="rule-row" data-testid="rule-row" data-rule-type={rule.type}>
      <div className="rule-line">
        <label className="rule-part">
          <span>rule</span>
          <select
            aria-label={label('type')}
            value={rule.type}
            onChange={(e) => onChange(withType(rule, e.target.value))}
          >
            {RULE_TYPES.map(([type, name]) => (
              <option key={type} value={type}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {fields.includes('column') && (
          <DraftInput
            caption="column"
            label={label('column')}
            placeholder="column"
            list={listId}
            value={column}
            onCommit={(t) => set({ column: t.trim() })}
          />
        )}
        {fields.includes('columns') && (
          <DraftInput
            caption="columns"
            label={label('columns')}
            placeholder="columns, comma-separated"
            value={Array.isArray(rule.columns) ? rule.columns.join(', ') : ''}
            onCommit={(t) => set({ columns: parseNames(t) })}
          />
        )}
        <button type="button" className="rule-remove" aria-label={`Remove rule ${n}`} onClick={onRemove}>
          ×
        </button>
      </div>
      {(fields.includes('min') ||
        fields.includes('values') ||
        fields.includes('pattern') ||
        fields.includes('by')) && (
        <div className="rule-line">
          {fields.includes('min') && (
            <DraftInput
              caption="min"
              label={label('min')}
              placeholder="none"
              value={boundText(rule.min)}
              onCommit={(t) => set({ min: parseBound(t) })}
            />
          )}
          {fields.includes('max') && (
            <DraftInput
              caption="max"
              label={label('max')}
              placeholder="none"
              value={boundText(rule.max)}
              onCommit={(t) => set({ max: parseBound(t) })}
            />
          )}
          {fields.includes('values') && (
            <DraftInput
              caption="values"
              label={label('values')}
              placeholder="allowed values, comma-separated"
              value={formatValues(rule.values)}
              onCommit={(t) => set({ values: parseValues(t) })}
            />
          )}
          {fields.includes('pattern') && (
            <DraftInput
              caption="pattern"
              label={label('pattern')}
              placeholder="regular expression, e.g. ^[A-Z]{3}$"
              value={typeof rule.pattern === 'string' ? rule.pattern : ''}
              onCommit={(t) => set({ pattern: t })}
            />
          )}
          {fields.includes('by') && (
            <DraftInput
              caption="within"
              label={label('within')}
              placeholder="within groups of (optional)"
              value={Array.isArray(rule.by) ? rule.by.join(', ') : ''}
              onCommit={(t) => set({ by: parseNames(t) })}
            />
          )}
        </div>
      )}
      {warning && (
        <div className="field-warning" data-testid="field-warning">
          {warning}
        </div>
      )}
    </li>
  );
}

const isRule = (r: unknown): r is RuleDraft =>
  typeof r === 'object' && r !== null && typeof (r as { type?: unknown }).type === 'string';

/**
 * Validate rules as a form: one row per rule (type, column, thresholds), add and remove;
 * the JSON stays one click away for pasting or bulk edits.
 */
export function RulesControl(props: ControlProps) {
  const { spec, value, commit, error, columns } = props;
  const id = useId();
  const listId = useId();
  const [asJson, setAsJson] = useState(false);
  const rules = Array.isArray(value) ? value : [];
  // A list the form cannot show row by row (hand-written JSON) opens as JSON.
  const formable = rules.every(isRule);
  if (asJson || !formable)
    return (
      <div className="rules-control">
        <JsonControl {...props} />
        {formable && (
          <button type="button" className="btn btn-small" onClick={() => setAsJson(false)}>
            Edit as form
          </button>
        )}
      </div>
    );
  const replace = (i: number, rule?: RuleDraft) =>
    commit(rule ? rules.map((r, j) => (j === i ? rule : r)) : rules.filter((_, j) => j !== i));
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <span className="field-label" id={id}>
        {spec.label}
      </span>
      <ol className="rules-list" aria-labelledby={id}>
        {rules.map((r, i) => (
          <RuleRow
            // Rules have no id: a row is its place in the list (drafts follow their value).
            key={i}
            n={i + 1}
            rule={r}
            listId={columns.length ? listId : undefined}
            columns={columns}
            onChange={(next) => replace(i, next)}
            onRemove={() => replace(i)}
          />
        ))}
      </ol>
      {rules.length === 0 && <p className="muted rules-empty">No rules yet.</p>}
      {columns.length > 0 && (
        <datalist id={listId}>
          {columns.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
      <div className="rules-actions">
        <button type="button" className="btn btn-small" onClick={() => commit([...rules, newRule(columns)])}>
          + Add rule
        </button>
        <button type="button" className="btn btn-small" onClick={() => setAsJson(true)}>
          Edit as JSON
        </button>
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
