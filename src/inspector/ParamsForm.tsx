import { type ReactNode, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeKind } from '../nodes/define-node-kind';
import type { ColumnInfo } from '../shared/values';
import { useStore } from '../store/store';
import { type ControlProps, ParamControl } from './controls';
import { FeatureSetControl } from './FeatureSetControl';
import { LayersControl } from './LayersControl';
import { RulesControl } from './RulesControl';

/** A param edited as a form with its JSON one click away (hidden layers, validation rules). */
function StructuredControl({
  control: Control,
  ...props
}: ControlProps & { control: (p: ControlProps) => ReactNode }) {
  return <Control {...props} />;
}

/** The inspector form for a node: generated from its kind's params schema. */
export function ParamsForm({
  nodeId,
  kind,
  params,
  columns,
}: {
  nodeId: string;
  kind: NodeKind;
  params: Record<string, unknown>;
  /** The upstream table's columns, once it has run. */
  columns: ColumnInfo[];
}) {
  const files = useStore(useShallow((s) => s.files.map((f) => f.name)));
  const updateParams = useStore((s) => s.updateParams);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const commit = (name: string, value: unknown) => commitMany(name, { [name]: value });
  /** Several params in one edit (one undo step), e.g. a feature set's list and its exceptions. */
  const commitMany = (name: string, patch: Record<string, unknown>) => {
    const next = { ...params, ...patch };
    const parsed = kind.paramsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === name) ?? parsed.error.issues[0];
      setErrors({ ...errors, [name]: issue?.message ?? 'Invalid value' });
      return;
    }
    setErrors({});
    updateParams(nodeId, parsed.data);
  };
  // A param holding another's exceptions is edited inside that param's control.
  const folded = new Set(Object.values(kind.params).flatMap((p) => (p.allExcept ? [p.allExcept] : [])));
  const entries = Object.entries(kind.params).filter(([name]) => !folded.has(name));
  const names = columns.map((c) => c.name);
  if (!entries.length) return <p className="muted">This node has no settings.</p>;
  return (
    <form className="params-form" onSubmit={(e) => e.preventDefault()} aria-label={`${kind.title} settings`}>
      {entries.map(([name, spec]) =>
        spec.allExcept ? (
          <FeatureSetControl
            key={`${nodeId}:${name}`}
            name={name}
            spec={{ ...spec, allExcept: spec.allExcept }}
            params={params}
            columns={columns}
            error={errors[name] ?? errors[spec.allExcept]}
            commit={(patch) => commitMany(name, patch)}
          />
        ) : spec.control === 'layers' || spec.control === 'rules' ? (
          <StructuredControl
            control={spec.control === 'layers' ? LayersControl : RulesControl}
            key={`${nodeId}:${name}`}
            name={name}
            spec={spec}
            value={params[name]}
            columns={names}
            files={files}
            error={errors[name]}
            commit={(v) => commit(name, v)}
          />
        ) : (
          <ParamControl
            key={`${nodeId}:${name}`}
            name={name}
            spec={spec}
            value={params[name]}
            columns={names}
            files={files}
            error={errors[name]}
            commit={(v) => commit(name, v)}
          />
        ),
      )}
    </form>
  );
}
