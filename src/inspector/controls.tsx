import { useEffect, useId, useState } from 'react';
import type { ParamSpec } from '../nodes/params';
import { columnProblem } from './column-match';

export interface ControlProps {
  name: string;
  spec: ParamSpec;
  value: unknown;
  /** Column names known upstream (empty until the node feeding this one has run), for column pickers. */
  columns: string[];
  /** Uploaded file names, for the file picker. */
  files: string[];
  error?: string;
  commit(value: unknown): void;
}

export function Field({
  id,
  spec,
  error,
  warning,
  children,
}: {
  id: string;
  spec: ParamSpec;
  error?: string;
  /** Shown as the user types (e.g. a column name not upstream); the value is still accepted. */
  warning?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : warning ? ' field-suspect' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      {children}
      {spec.help && <div className="field-help">{spec.help}</div>}
      {warning && !error && (
        <div className="field-warning" data-testid="field-warning">
          {warning}
        </div>
      )}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Keep a draft while typing; commit on blur or Enter (one undoable edit, not one per key). */
function useDraft(value: string) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return [draft, setDraft] as const;
}

function TextControl({ spec, value, commit, error, multiline }: ControlProps & { multiline?: boolean }) {
  const id = useId();
  const [draft, setDraft] = useDraft(String(value ?? ''));
  return (
    <Field id={id} spec={spec} error={error}>
      {multiline ? (
        <textarea
          id={id}
          className="code"
          rows={Math.min(14, Math.max(4, draft.split('\n').length + 1))}
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => draft !== value && commit(draft)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) commit(draft);
          }}
        />
      ) : (
        <input
          id={id}
          type="text"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => draft !== value && commit(draft)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(draft);
          }}
        />
      )}
    </Field>
  );
}

function NumberControl({ spec, value, commit, error }: ControlProps) {
  const id = useId();
  const [draft, setDraft] = useDraft(String(value ?? ''));
  const send = () => {
    const n = Number(draft);
    if (draft.trim() !== '' && n !== value) commit(n);
  };
  return (
    <Field id={id} spec={spec} error={error}>
      <input
        id={id}
        type="number"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={send}
        onKeyDown={(e) => e.key === 'Enter' && send()}
      />
    </Field>
  );
}

function SelectControl({
  spec,
  value,
  commit,
  error,
  choices,
}: ControlProps & { choices: readonly string[] }) {
  const id = useId();
  const current = String(value ?? '');
  const options = choices.includes(current) || current === '' ? choices : [current, ...choices];
  return (
    <Field id={id} spec={spec} error={error}>
      <select id={id} value={current} onChange={(e) => commit(e.target.value)}>
        {current === '' && <option value="">— choose —</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

function ToggleControl({ spec, value, commit }: ControlProps) {
  const id = useId();
  return (
    <div className="field field-toggle">
      <input id={id} type="checkbox" checked={Boolean(value)} onChange={(e) => commit(e.target.checked)} />
      <label htmlFor={id}>{spec.label}</label>
    </div>
  );
}

/**
 * One column, typed or picked from the upstream table's columns (a datalist); a name that
 * is not among them is flagged while typing, with the nearest one suggested.
 */
function ColumnControl({ spec, value, commit, error, columns }: ControlProps) {
  const id = useId();
  const listId = useId();
  const [draft, setDraft] = useDraft(String(value ?? ''));
  return (
    <Field id={id} spec={spec} error={error} warning={columnProblem(draft, columns)}>
      <input
        id={id}
        type="text"
        list={columns.length ? listId : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={columns.length ? 'choose or type a column' : 'column name'}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          // Picking from the list is a choice, not typing: commit it at once.
          if (columns.includes(e.target.value) && e.target.value !== value) commit(e.target.value);
        }}
        onBlur={() => draft !== value && commit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(draft);
        }}
      />
      {columns.length > 0 && (
        <datalist id={listId}>
          {columns.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
    </Field>
  );
}

function ColumnsControl({ spec, value, commit, columns, error }: ControlProps) {
  const id = useId();
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  const [custom, setCustom] = useState('');
  const remaining = columns.filter((c) => !chosen.includes(c));
  const unknown = columns.length ? chosen.filter((c) => !columns.includes(c)) : [];
  const warning =
    columnProblem(custom, columns) ??
    (unknown.length ? `Not in the input: ${unknown.map((c) => `"${c}"`).join(', ')}.` : undefined);
  return (
    <Field id={id} spec={spec} error={error} warning={warning}>
      <div className="chips">
        {chosen.length === 0 && <span className="chips-empty">none (= all)</span>}
        {chosen.map((c) => (
          <span key={c} className={`chip${unknown.includes(c) ? ' chip-unknown' : ''}`}>
            {c}
            <button
              type="button"
              aria-label={`Remove ${c}`}
              onClick={() => commit(chosen.filter((x) => x !== c))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="chips-add">
        {remaining.length > 0 && (
          <select
            id={id}
            value=""
            aria-label={`Add a column to ${spec.label}`}
            onChange={(e) => e.target.value && commit([...chosen, e.target.value])}
          >
            <option value="">+ add column…</option>
            {remaining.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
        <input
          id={remaining.length ? undefined : id}
          type="text"
          placeholder="or type a name ↵"
          aria-label={`Type a column name for ${spec.label}`}
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && custom.trim()) {
              commit([...chosen, custom.trim()]);
              setCustom('');
            }
          }}
        />
      </div>
    </Field>
  );
}

export function JsonControl({ spec, value, commit, error }: ControlProps) {
  const id = useId();
  const text = JSON.stringify(value ?? null, null, 2);
  const [draft, setDraft] = useDraft(text);
  const [parseError, setParseError] = useState<string>();
  const send = () => {
    if (draft === text) return;
    try {
      const parsed: unknown = JSON.parse(draft);
      setParseError(undefined);
      commit(parsed);
    } catch (err) {
      setParseError(`Not valid JSON: ${(err as Error).message}`);
    }
  };
  return (
    <Field id={id} spec={spec} error={parseError ?? error}>
      <textarea
        id={id}
        className="code"
        rows={Math.min(16, Math.max(3, draft.split('\n').length + 1))}
        spellCheck={false}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={send}
      />
    </Field>
  );
}

/** The control registry: one component per `Control` of a param spec. */
export function ParamControl(props: ControlProps) {
  switch (props.spec.control) {
    case 'text':
      return <TextControl {...props} />;
    case 'sql':
      return <TextControl {...props} multiline />;
    case 'number':
      return <NumberControl {...props} />;
    case 'select':
      return <SelectControl {...props} choices={props.spec.options ?? []} />;
    case 'file':
      return <SelectControl {...props} choices={props.files} />;
    case 'toggle':
      return <ToggleControl {...props} />;
    case 'column':
      return <ColumnControl {...props} />;
    case 'columns':
      return <ColumnsControl {...props} />;
    case 'json':
    // The rules and layers forms are chosen by ParamsForm; JSON edits the same value.
    case 'rules':
    case 'layers':
      return <JsonControl {...props} />;
  }
}
