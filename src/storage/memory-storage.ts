/**
 * An in-memory `localStorage` for unit tests (Node has none), which can be made to refuse
 * writes as a full browser storage does.
 */
export class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  /** When set, every write throws the QuotaExceededError a full browser storage throws. */
  full = false;

  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
}
