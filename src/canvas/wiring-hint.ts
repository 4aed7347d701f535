import type { NodeKind } from '../nodes/define-node-kind';

/**
 * How to wire a kind without leaking test rows into what it learns, as the palette and
 * quick-add suggest it; undefined for kinds with nothing to say.
 */
export function wiringHint(kind: Pick<NodeKind, 'role'>): string | undefined {
  if (kind.role === 'fitted')
    return 'Leak-free: put it after Split — the split’s train into “in”, its test into “apply?”, and use “applied” as test data.';
  if (kind.role === 'split') return 'Split first, then fit Impute, Scale and encoders on its train rows.';
  return undefined;
}
