/** What a node's cached result depends on: equal parts give equal keys, anywhere. */
export interface CacheKeyParts {
  kind: string;
  version: number;
  /** The node's params after the kind's schema filled defaults. */
  params: unknown;
  /** Input port → `<upstream key>#<upstream port>`. */
  inputKeys: Readonly<Record<string, string>>;
  /** Content fingerprint of the node's file ('' when it reads none). */
  fingerprint: string;
  /** Targets of downstream models a fitted node leaves alone (absent or empty: none). */
  targets?: readonly string[];
}

/** Length of every key: hex SHA-256. */
export const CACHE_KEY_LENGTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON with object keys sorted, so params written in any key order (by the form, an
 * imported file, or a CLI) give the same text in the browser and in Node.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A fixed-size key for a node's result. Upstream keys enter as hashes, so a key stays 64
 * characters however deep the graph is (nesting them verbatim doubled the key per step).
 */
export async function cacheKey(parts: CacheKeyParts): Promise<string> {
  // Targets join the material only when there are some, so every other key stays as it was.
  const material: unknown[] = [parts.kind, parts.version, parts.params, parts.inputKeys, parts.fingerprint];
  if (parts.targets?.length) material.push(parts.targets);
  const text = canonicalJson(material);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
