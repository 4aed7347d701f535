import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NodeKind } from '../nodes/define-node-kind';
import { useStore } from '../store/store';
import { ParamControl } from './controls';

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
  columns: string[];
}) {
  const files = useStore(useShallow((s) => s.files.map((f) => f.name)));
  const updateParams = useStore((s) => s.updateParams);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const commit = (name: string, value: unknown) => {
    const next = { ...params, [name]: value };
    const parsed = kind.paramsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === name) ?? parsed.error.issues[0];
      setErrors({ ...errors, [name]: issue?.message ?? 'Invalid value' });
      return;
    }
    setErrors({});
    updateParams(nodeId, parsed.data);
  };
  const entries = Object.entries(kind.params);
  if (!entries.length) return <p className="muted">This node has no settings.</p>;
  return (
    <form className="params-form" onSubmit={(e) => e.preventDefault()} aria-label={`${kind.title} settings`}>
      {entries.map(([name, spec]) => (
        <ParamControl
          key={`${nodeId}:${name}`}
          name={name}
          spec={spec}
          value={params[name]}
          columns={columns}
          files={files}
          error={errors[name]}
          commit={(v) => commit(name, v)}
        />
      ))}
    </form>
  );
}
