/** A card subtitle from text the user wrote (a query, a condition): one line, kept short. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 48);
}
