/**
 * A cheap content fingerprint for the cache key: SHA-256 over the size and the first and last
 * MiB. Hashing every byte of a multi-GB file on each upload would cost more than re-reading it.
 * The browser hashes an uploaded File, the command line a file on disk (`fs.openAsBlob`), so
 * equal files give equal cache keys in both.
 */
export async function fingerprint(file: Blob): Promise<string> {
  const MiB = 1024 * 1024;
  const parts = [file.slice(0, MiB), file.slice(Math.max(MiB, file.size - MiB))];
  const bytes = new Uint8Array(await new Blob([String(file.size), ...parts]).arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
