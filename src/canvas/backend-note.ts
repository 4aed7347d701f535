/**
 * A backend note fit for a node card: what happened, without the graphics driver's own
 * strings ("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))"), timings or error
 * details in parentheses. The full note stays in the inspector's report.
 */
export function plainBackendNote(note: string): string {
  let out = '';
  let depth = 0;
  for (const ch of note) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out
    .replace(/\s+([;:,.])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
