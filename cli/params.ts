/**
 * Apply `--param node.field=value` overrides to a pipeline file's JSON before it is parsed,
 * so an overridden value goes through the same validation as the file (a bad one is refused
 * naming the node and field). The node id is everything before the last `.`: ids may hold
 * dots, param names do not. The value is JSON when it parses (numbers, booleans, lists),
 * else plain text (`--param filter.where=day >= '2024-01-01'`).
 */
export function applyParamOverrides(file: unknown, overrides: readonly string[]): void {
  const nodes = (file as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) throw new Error('--param: the pipeline file has no nodes.');
  for (const spec of overrides) {
    const eq = spec.indexOf('=');
    const target = eq < 0 ? '' : spec.slice(0, eq);
    const dot = target.lastIndexOf('.');
    if (eq < 0 || dot <= 0 || dot === target.length - 1)
      throw new Error(`--param ${spec}: expected <node>.<field>=<value>.`);
    const id = target.slice(0, dot);
    const field = target.slice(dot + 1);
    const node = nodes.find(
      (n): n is { id: string; params?: Record<string, unknown> } => (n as { id?: unknown })?.id === id,
    );
    if (!node) throw new Error(`--param ${spec}: the pipeline has no node "${id}".`);
    const text = spec.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: the text itself.
    }
    node.params = { ...(node.params ?? {}), [field]: value };
  }
}
