/**
 * Whether a script served with this `Content-Security-Policy` header may evaluate strings
 * (`eval`, `new Function`). A header may carry several policies joined by commas (a host that
 * merges two rules): each must allow it. No header: nothing forbids it.
 */
export function policyAllowsEval(header: string | null): boolean {
  if (!header) return true;
  return header.split(',').every((policy) => {
    const directives = new Map<string, string[]>();
    for (const directive of policy.split(';')) {
      const [name, ...values] = directive.trim().toLowerCase().split(/\s+/);
      if (name && !directives.has(name)) directives.set(name, values);
    }
    const scripts = directives.get('script-src') ?? directives.get('default-src');
    return !scripts || scripts.includes("'unsafe-eval'");
  });
}

/**
 * Whether the worker script at `url` may evaluate strings: a worker's policy is its own
 * script's response header. Asked of the server, since DuckDB's worker runs no code of ours.
 */
export async function workerMayEval(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    return policyAllowsEval(response.headers.get('content-security-policy'));
  } catch {
    return false;
  }
}
