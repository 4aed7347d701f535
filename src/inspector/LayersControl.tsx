import { useEffect, useId, useRef, useState } from 'react';
import { ACTIVATIONS } from '../shared/models';
import { type ControlProps, JsonControl } from './controls';
import './rules-control.css';

/** A hidden layer as the form edits it (the value may hold anything until the schema checks it). */
interface LayerDraft {
  units?: unknown;
  activation?: unknown;
  dropout?: unknown;
}

const isLayer = (l: unknown): l is LayerDraft => typeof l === 'object' && l !== null && !Array.isArray(l);

/** A number input that commits on blur or Enter; empty commits `undefined`. */
function NumberPart({
  caption,
  label,
  value,
  placeholder,
  step,
  onCommit,
}: {
  caption: string;
  label: string;
  value: unknown;
  placeholder?: string;
  step?: string;
  onCommit(value: number | undefined): void;
}) {
  const text = typeof value === 'number' ? String(value) : '';
  const [draft, setDraft] = useState(text);
  // What was last sent: a refused value stays in the box, and typing the old one back clears the error.
  const sent = useRef(text);
  useEffect(() => {
    setDraft(text);
    sent.current = text;
  }, [text]);
  const send = () => {
    if (draft === sent.current) return;
    sent.current = draft;
    onCommit(draft.trim() === '' ? undefined : Number(draft));
  };
  return (
    <label className="rule-part">
      <span>{caption}</span>
      <input
        type="number"
        aria-label={label}
        placeholder={placeholder}
        step={step}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={send}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            send();
          }
        }}
      />
    </label>
  );
}

/** A new layer: half the units of the last one (a narrowing stack), relu. */
function nextLayer(layers: readonly LayerDraft[]): LayerDraft {
  const last = layers[layers.length - 1]?.units;
  const units = typeof last === 'number' && last >= 2 ? Math.round(last / 2) : 32;
  return { units, activation: 'relu' };
}

/**
 * model.train's hidden layers as a list: one row per Dense layer (units, activation,
 * dropout after it), add and remove; the JSON stays one click away for pasting.
 */
export function LayersControl(props: ControlProps) {
  const { spec, value, commit, error } = props;
  const id = useId();
  const [asJson, setAsJson] = useState(false);
  // A node without the param (a template leaves defaults out) trains the default network: show it.
  const shown = value === undefined ? spec.schema.safeParse(undefined).data : value;
  const layers = Array.isArray(shown) ? shown : [];
  const formable = layers.every(isLayer);
  if (asJson || !formable)
    return (
      <div className="rules-control">
        <JsonControl {...props} value={shown} />
        {formable && (
          <button type="button" className="btn btn-small" onClick={() => setAsJson(false)}>
            Edit as list
          </button>
        )}
      </div>
    );
  const replace = (i: number, layer?: LayerDraft) =>
    commit(layer ? layers.map((l, j) => (j === i ? layer : l)) : layers.filter((_, j) => j !== i));
  const set = (i: number, patch: LayerDraft) => {
    const next: LayerDraft = { ...(layers[i] as LayerDraft), ...patch };
    // No dropout is written as no key, as the defaults and old pipeline files have it.
    if (next.dropout === undefined || next.dropout === 0) delete next.dropout;
    replace(i, next);
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <span className="field-label" id={id}>
        {spec.label}
      </span>
      <ol className="rules-list" aria-labelledby={id} data-testid="layers-list">
        {layers.map((l, i) => {
          const n = i + 1;
          const activation = typeof l.activation === 'string' ? l.activation : 'relu';
          return (
            // Layers have no id: a row is its place in the list (drafts follow their value).
            <li key={i} className="rule-row" data-testid="layer-row">
              <div className="rule-line">
                <NumberPart
                  caption={`layer ${n} units`}
                  label={`Layer ${n} units`}
                  value={l.units}
                  onCommit={(units) => set(i, { units })}
                />
                <label className="rule-part">
                  <span>activation</span>
                  <select
                    aria-label={`Layer ${n} activation`}
                    value={activation}
                    onChange={(e) => set(i, { activation: e.target.value })}
                  >
                    {ACTIVATIONS.map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </select>
                </label>
                <NumberPart
                  caption="dropout"
                  label={`Layer ${n} dropout`}
                  placeholder="none"
                  step="0.05"
                  value={l.dropout}
                  onCommit={(dropout) => set(i, { dropout })}
                />
                <button
                  type="button"
                  className="rule-remove"
                  aria-label={`Remove layer ${n}`}
                  onClick={() => replace(i)}
                >
                  ×
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {layers.length === 0 && <p className="muted rules-empty">No hidden layers: a linear model.</p>}
      <div className="rules-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => commit([...layers, nextLayer(layers)])}
        >
          + Add layer
        </button>
        <button type="button" className="btn btn-small" onClick={() => setAsJson(true)}>
          Edit as JSON
        </button>
      </div>
      {spec.help && <div className="field-help">{spec.help}</div>}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
