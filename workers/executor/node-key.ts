import type { NodeKind } from '../../src/nodes/define-node-kind';
import { cacheKey } from '../cache-key';

export interface NodeKeyParts {
  kind: Pick<NodeKind, 'kind' | 'version' | 'deterministic'>;
  /** The params after the kind's schema filled defaults. */
  params: unknown;
  inputKeys: Readonly<Record<string, string>>;
  /** Extra key material from the host (e.g. the content fingerprint of the node's file). */
  extra: string;
  /** Targets of downstream models (fitted kinds only; empty for the rest). */
  targets: readonly string[];
}

/**
 * The key a node's result is cached under. A result that is not a function of params and
 * inputs (a database read) gets a key of its own each run, so the nodes after it
 * recompute instead of serving old results.
 */
export function nodeKey(
  parts: NodeKeyParts,
  runNonce: () => string = () => crypto.randomUUID(),
): Promise<string> {
  const { kind } = parts;
  return cacheKey({
    kind: kind.kind,
    version: kind.version,
    params: parts.params,
    inputKeys: parts.inputKeys,
    fingerprint: kind.deterministic ? parts.extra : `${parts.extra}\nrun ${runNonce()}`,
    targets: parts.targets,
  });
}
