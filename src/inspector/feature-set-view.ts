import { isFeatureType } from '../nodes/model/model-util';
import type { ColumnInfo } from '../shared/values';

/** The params a feature set is stored in: `features` empty = all usable but target and `exclude`. */
export interface FeatureParams {
  features: string[];
  exclude: string[];
  target: string;
}

/** What the feature-set control shows and offers, derived from the params and the upstream columns. */
export interface FeatureSetView {
  mode: 'all' | 'only';
  /** One line: what the model will train on. */
  summary: string;
  /** Columns the select offers: to except (all mode) or to add (only mode). */
  addable: string[];
  /** Listed names that are not upstream columns. */
  unknown: string[];
  problem?: string;
  /** `features` when switching to "only these": the columns used now, so nothing changes. */
  switchToOnly: string[];
  /** `exclude` when switching to "all": the usable columns not chosen, so nothing changes. */
  switchToAll: string[];
}

const quoted = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');

/** See {@link FeatureSetView}; `columns` is empty until the node feeding the model has run. */
export function featureSetView(p: FeatureParams, columns: readonly ColumnInfo[]): FeatureSetView {
  const names = columns.map((c) => c.name);
  const usable = columns.filter((c) => isFeatureType(c.type) && c.name !== p.target).map((c) => c.name);
  const mode = p.features.length ? 'only' : 'all';
  const listed = mode === 'all' ? p.exclude : p.features;
  const unknown = names.length ? listed.filter((c) => !names.includes(c)) : [];
  const used = mode === 'all' ? usable.filter((c) => !p.exclude.includes(c)) : p.features;
  const except = [...(p.target ? [`${p.target} (target)`] : []), ...p.exclude];
  const count = names.length ? ` · ${used.length} column${used.length === 1 ? '' : 's'}` : '';
  const summary =
    mode === 'all'
      ? `All usable columns${except.length ? ` except ${except.join(', ')}` : ''}${count}`
      : `Only ${p.features.join(', ')}`;
  const addable =
    mode === 'all'
      ? names.filter((c) => c !== p.target && !p.exclude.includes(c))
      : usable.filter((c) => !p.features.includes(c));
  return {
    mode,
    summary,
    addable,
    unknown,
    problem: unknown.length ? `Not in the input: ${quoted(unknown)}.` : undefined,
    switchToOnly: used.length ? used : p.features,
    switchToAll: mode === 'only' ? usable.filter((c) => !p.features.includes(c)) : p.exclude,
  };
}
