/** A row of tab buttons: `tabs` maps each value to its label; the active one is marked. */
export function TabButtons<T extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: readonly (readonly [T, string])[];
  value: T | undefined;
  onChange(value: T): void;
}) {
  return tabs.map(([v, label]) => (
    <button
      key={v}
      type="button"
      role="tab"
      aria-selected={value === v}
      className={value === v ? 'active' : ''}
      onClick={() => onChange(v)}
    >
      {label}
    </button>
  ));
}
