import { useId, useState } from 'react';
import type { ParamSpec } from '../nodes/params';
import type { ColumnInfo } from '../shared/values';
import { columnProblem } from './column-match';
import { Field } from './controls';
import { type FeatureParams, featureSetView } from './feature-set-view';

/**
 * A feature set edited as one thing: "all usable columns except …" (the list param empty,
 * exceptions in `spec.allExcept`) or "only these columns". Adding or removing one column
 * changes that one column; switching modes keeps the same columns.
 */
export function FeatureSetControl({
  spec,
  params,
  name,
  columns,
  error,
  commit,
}: {
  spec: ParamSpec & { allExcept: string };
  params: Record<string, unknown>;
  name: string;
  columns: ColumnInfo[];
  error?: string;
  commit(patch: Record<string, unknown>): void;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const current: FeatureParams = {
    features: Array.isArray(params[name]) ? (params[name] as string[]) : [],
    exclude: Array.isArray(params[spec.allExcept]) ? (params[spec.allExcept] as string[]) : [],
    target: typeof params.target === 'string' ? params.target.trim() : '',
  };
  const v = featureSetView(current, columns);
  const patch = (p: Partial<Pick<FeatureParams, 'features' | 'exclude'>>) =>
    commit({
      ...(p.features ? { [name]: p.features } : {}),
      ...(p.exclude ? { [spec.allExcept]: p.exclude } : {}),
    });
  const known = columns.length > 0;
  const list = v.mode === 'all' ? current.exclude : current.features;
  const add = (c: string) =>
    v.mode === 'all'
      ? patch({ exclude: [...current.exclude, c] })
      : patch({ features: [...current.features, c] });
  const remove = (c: string) =>
    v.mode === 'all'
      ? patch({ exclude: current.exclude.filter((x) => x !== c) })
      : patch({ features: current.features.filter((x) => x !== c) });
  const verb = v.mode === 'all' ? 'Exclude a column from' : 'Add a column to';
  return (
    <Field
      id={id}
      spec={spec}
      error={error}
      warning={
        columnProblem(
          typed,
          columns.map((c) => c.name),
        ) ?? v.problem
      }
    >
      <div className="feature-mode" role="radiogroup" aria-label={`${spec.label} mode`}>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={v.mode === 'all'}
            onChange={() => patch({ features: [], exclude: v.switchToAll })}
          />
          All usable columns
        </label>
        <label title={known ? undefined : 'Run the node feeding this one to pick from its columns.'}>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={v.mode === 'only'}
            disabled={!known && v.mode === 'all'}
            onChange={() => patch({ features: v.switchToOnly, exclude: [] })}
          />
          Only these columns
        </label>
      </div>
      <div className="feature-summary" data-testid="feature-set-summary">
        {v.summary}
      </div>
      <div className="chips">
        {list.map((c) => (
          <span key={c} className={`chip${v.unknown.includes(c) ? ' chip-unknown' : ''}`}>
            {c}
            {/* The last chosen column stays: an empty list would mean "all columns". */}
            {(v.mode === 'all' || list.length > 1) && (
              <button type="button" aria-label={`Remove ${c}`} onClick={() => remove(c)}>
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      <div className="chips-add">
        {v.addable.length > 0 && (
          <select
            id={id}
            value=""
            aria-label={`${verb} ${spec.label}`}
            onChange={(e) => e.target.value && add(e.target.value)}
          >
            <option value="">{v.mode === 'all' ? '− except a column…' : '+ add column…'}</option>
            {v.addable.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
        <input
          id={v.addable.length ? undefined : id}
          type="text"
          placeholder="or type a name ↵"
          aria-label={`Type a column name for ${spec.label}`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && typed.trim() && !list.includes(typed.trim())) {
              add(typed.trim());
              setTyped('');
            }
          }}
        />
      </div>
    </Field>
  );
}
